import Crypto
import Foundation

/// `Deskflow-Signature: t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "t.body"))`: the storefront recomputes it with the
/// shared secret and rejects a body that was changed or a `t` too far from its own clock.
public struct WebhookSignature: Sendable {
    public static let header = "Deskflow-Signature"

    let key: SymmetricKey

    public init(secret: String) { key = SymmetricKey(data: Data(secret.utf8)) }

    public func value(for body: String, at time: Date) -> String {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(seconds).\(body)".utf8), using: key)
        return "t=\(seconds),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
