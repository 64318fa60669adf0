import HTTPTypes
import Hummingbird

/// Names each request's client: the connection's peer or, behind a trusted proxy, the address it forwarded (see
/// `TrustedProxies`). Outermost, so the request log line and every later one carry it.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = trustedProxies.clientAddress(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
        context.logger[metadataKey: "client"] = .string(context.clientAddress)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
