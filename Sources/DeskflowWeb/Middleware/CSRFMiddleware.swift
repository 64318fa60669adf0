import Foundation
import HTTPTypes
import Hummingbird

/// Refuses any POST that did not come from one of Deskflow's own forms in this session: the browser's
/// `Sec-Fetch-Site` and `Origin` must say same origin, and the form's `csrf_token` must match the session's.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let refusal = PageError.forbidden(
        "This form has expired or did not come from Deskflow, so nothing was changed.",
        advice: "Go back, reload the page, and submit the form again.")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            context.logger.warning("cross-site POST refused", metadata: ["path": "\(request.uri.path)", "site": "\(site)"])
            throw Self.refusal
        }
        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
            context.logger.warning("foreign-origin POST refused", metadata: ["path": "\(request.uri.path)", "origin": "\(origin)"])
            throw Self.refusal
        }
        var request = request
        let form = try await FormFields(request: &request, context: context)
        guard let expected = context.csrfToken, let sent = form["csrf_token"], Self.constantTimeEqual(sent, expected) else {
            context.logger.warning("POST without a valid CSRF token refused", metadata: ["path": "\(request.uri.path)"])
            throw Self.refusal
        }
        return try await next(request, context)
    }

    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let url = URL(string: origin), let originHost = url.host else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
