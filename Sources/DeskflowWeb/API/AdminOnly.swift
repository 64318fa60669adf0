import Hummingbird

/// Runs a middleware of the staff admin (sessions, sign-in, CSRF, HTML error pages) on everything but the storefront
/// API, which answers to its token and in JSON.
struct AdminOnly<Wrapped: RouterMiddleware>: RouterMiddleware where Wrapped.Context == AppRequestContext {
    typealias Context = AppRequestContext
    let wrapped: Wrapped

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if SitePath.isAPI(request.uri.path) { return try await next(request, context) }
        return try await wrapped.handle(request, context: context, next: next)
    }
}
