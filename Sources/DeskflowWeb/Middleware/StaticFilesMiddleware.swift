import Foundation
import HTTPTypes
import Hummingbird

/// Serves `Public/` for asset paths straight away, before sessions and sign-in are looked at: stylesheets and
/// images are public and cacheable. Each file comes from memory (`StaticAssets`), gzipped when the client accepts it,
/// with a strong `ETag` per representation and a 304 for a matching `If-None-Match`. Any other path goes on down
/// the chain; an asset path with no file behind it is a 404 page.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    static var assetPrefixes: [String] { ["/css/", "/images/"] }
    static var cacheControl: String { "public, max-age=3600" }

    let assets: StaticAssets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.assetPrefixes.contains(where: request.uri.path.hasPrefix) else { return try await next(request, context) }
        guard request.method == .get || request.method == .head else { throw HTTPError(.notFound) }
        guard let path = request.uri.path.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "Invalid percent encoding in URL")
        }
        guard !path.contains("..") else { throw HTTPError(.badRequest) }
        guard let asset = assets.asset(at: path) else { throw HTTPError(.notFound) }

        let gzip = asset.gzip.flatMap { AcceptEncoding(request.headers[.acceptEncoding]).allowsGzip ? $0 : nil }
        let chosen = gzip ?? asset.identity
        var headers: HTTPFields = [
            .contentType: asset.contentType,
            .contentLength: String(chosen.bytes.readableBytes),
            .eTag: chosen.eTag,
            .lastModified: asset.lastModified,
            .cacheControl: Self.cacheControl,
        ]
        if asset.variesByEncoding { headers[.vary] = "Accept-Encoding" }
        if gzip != nil { headers[.contentEncoding] = "gzip" }

        if let condition = request.headers[.ifNoneMatch], EntityTag.anyMatches(condition, chosen.eTag) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: chosen.bytes))
    }
}
