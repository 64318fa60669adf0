import Hummingbird
import Logging

/// Turns every error into a page that says what happened and what to do. Unexpected errors are logged and shown
/// as a plain 500 page: never a stack trace.
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
        } catch let error as any HTTPResponseError {
            return try renderer.errorPage(
                PageError(status: error.status, title: "That request could not be served", message: "The server answered \(error.status.code).", advice: "Go back and try again."),
                context: context)
        } catch {
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
            .badRequest("What was sent is too large.", advice: "Shorten what you typed and try again.")
        case .methodNotAllowed:
            .badRequest("This address does not take that kind of request.")
        default:
            PageError(
                status: error.status, title: "That request could not be served",
                message: error.body ?? "The server answered \(error.status.code).", advice: "Go back and try again.")
        }
    }
}
