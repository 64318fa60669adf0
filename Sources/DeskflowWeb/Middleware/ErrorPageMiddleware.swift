import DeskflowStore
import Hummingbird
import Logging

/// Turns every error into a page that says what happened and what to do. A database that cannot be used right now
/// (read-only, full, locked by another process) is a 503 to try again later; a stored row this version cannot read
/// (an unknown status) is a 503 naming the row, until it is repaired; anything else unexpected is logged and shown as
/// a plain 500 page: never a stack trace.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            return try renderer.errorPage(error, context: context)
        } catch let error as HTTPError {
            return try renderer.errorPage(Self.page(for: error), context: context)
        } catch let damaged as CorruptRow {
            context.logger.error(
                "stored data damaged", metadata: ["row": "\(damaged)", "path": "\(request.uri.path)"])
            return try renderer.errorPage(.damaged(damaged), context: context)
        } catch let error as any HTTPResponseError {
            return try renderer.errorPage(
                PageError(status: error.status, title: "That request could not be served", message: "The server answered \(error.status.code).", advice: "Go back and try again."),
                context: context)
        } catch {
            if let fault = DatabaseFault(error) {
                context.logger.error(
                    "database unavailable", metadata: ["fault": "\(fault.rawValue)", "path": "\(request.uri.path)"])
                var response = try renderer.errorPage(.unavailable(fault), context: context)
                response.headers[.retryAfter] = "\(PageError.retryAfterSeconds(fault))"
                return response
            }
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try renderer.errorPage(
                PageError(
                    status: .internalServerError, title: "Something went wrong",
                    message: "Deskflow could not finish this request. Nothing you sent was lost.",
                    advice: "Try again in a moment. If it keeps happening, tell whoever runs Deskflow, quoting the time."),
                context: context)
        }
    }

    static func page(for error: HTTPError) -> PageError {
        switch error.status {
        case .notFound:
            .notFound("There is no page at this address.")
        case .contentTooLarge:
            PageError(
                status: .contentTooLarge, title: "That was too much to send",
                message: "The form sent more than Deskflow accepts in one request, so nothing was saved.",
                advice: "Go back, shorten the longest text you typed, and send it again.")
        case .requestTimeout:
            PageError(
                status: .requestTimeout, title: "That took too long to arrive",
                message: "The form did not arrive in time, so nothing was saved.",
                advice: "Check your connection and send it again.")
        case .methodNotAllowed:
            .badRequest("This address does not take that kind of request.")
        default:
            PageError(
                status: error.status, title: "That request could not be served",
                message: error.body ?? "The server answered \(error.status.code).", advice: "Go back and try again.")
        }
    }
}
