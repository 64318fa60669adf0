import Hummingbird

/// Serves `Public/` for asset paths straight away, before sessions and sign-in are looked at: stylesheets and
/// images are public and cacheable. Hummingbird's `FileMiddleware` only looks for a file once the rest of the
/// chain answered 404, so it is given a chain that does just that.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    static var assetPrefixes: [String] { ["/css/", "/images/"] }

    let files: FileMiddleware<Context, LocalFileSystem>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.assetPrefixes.contains(where: request.uri.path.hasPrefix) else { return try await next(request, context) }
        return try await files.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
    }
}
