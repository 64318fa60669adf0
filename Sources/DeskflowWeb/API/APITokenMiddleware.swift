import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Puts the storefront's API token on the context, from `Authorization: Bearer …`; cookies count for nothing here.
/// A viewer token reads only. Refusals are logged with the path, never with what was presented.
struct APITokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: StorefrontTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              let token = try await tokens.authenticate(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            context.logger.warning("API request without a live token refused", metadata: ["path": "\(request.uri.path)"])
            throw APIError.unauthorized
        }
        if request.method != .get, request.method != .head, token.role != .manager {
            context.logger.warning(
                "API write with a read-only token refused", metadata: ["path": "\(request.uri.path)", "token": "\(token.id)"])
            throw APIError(.forbidden, code: "forbidden", message: "This token may only read; a manager token is needed to write.")
        }
        var context = context
        context.apiToken = token
        return try await next(request, context)
    }
}
