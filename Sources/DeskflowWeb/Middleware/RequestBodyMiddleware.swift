import Hummingbird
import NIOHTTP1

/// Reads a form's whole body before anything else looks at it, so a body that is too large is refused with 413
/// and one that trickles in too slowly with 408, before a session is touched or a row is read. The collected body
/// stays on the request for the controllers.
struct RequestBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    let deadline: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.carriesBody(request) else { return try await next(request, context) }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw HTTPError(.contentTooLarge)
        }
        let collected = try await withThrowingTaskGroup(of: Request?.self) { group in
            group.addTask { [limit] in
                var request = request
                do {
                    _ = try await request.collectBody(upTo: limit)
                } catch let error as HTTPParserError {
                    // A body that breaks HTTP's own framing (a bad chunk size) is the client's mistake, not ours.
                    throw HTTPError(.badRequest, message: "The request body was not valid HTTP: \(error).")
                }
                return request
            }
            group.addTask { [deadline] in
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let request = first else { throw HTTPError(.requestTimeout) }
            return request
        }
        return try await next(collected, context)
    }

    private static func carriesBody(_ request: Request) -> Bool {
        switch request.method {
        case .post, .put, .patch: true
        default: false
        }
    }
}
