import Foundation

/// Where Stripe is and how Deskflow signs in to it.
public struct StripeConfiguration: Sendable {
    /// Stripe's own API.
    public static let defaultAPIBase = URL(string: "https://api.stripe.com")!

    /// `https://api.stripe.com`, or a local fake Stripe in tests. Paths such as `/v1/refunds` are added to it.
    public var apiBase: URL
    public var secretKey: StripeSecretKey
    /// How long opening a connection to Stripe may take.
    public var connectTimeout: Duration
    /// How long Stripe may take to answer a call. Longer than Stripe takes to confirm or refund, and far shorter than
    /// a payment call's lease (`PaymentCalls.lease`), after which any instance may ask again about a call left pending.
    public var readTimeout: Duration

    public init(
        apiBase: URL = Self.defaultAPIBase, secretKey: StripeSecretKey, connectTimeout: Duration = .seconds(5),
        readTimeout: Duration = .seconds(30)
    ) {
        self.apiBase = apiBase
        self.secretKey = secretKey
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// The API base a person typed (`--stripe-api-base`): an absolute http or https URL with a host and no query, its
    /// trailing slash dropped. `nil` for anything else.
    public static func apiBase(_ text: String) -> URL? {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { return nil }
        return components.url
    }
}

/// Deskflow's secret key for Stripe's API, read from `STRIPE_SECRET_KEY`. It is written only into the `Authorization`
/// header: printing it, interpolating it or dumping it shows `[redacted]`, so it cannot reach a log, a page or an error
/// by accident.
public struct StripeSecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    /// `nil` for an empty or blank key, or one with characters no HTTP header may carry.
    public init?(_ value: String) {
        guard !value.isEmpty, value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            return nil
        }
        self.value = value
    }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// `text` with every occurrence of the key replaced by `[redacted]`: for messages that come back from Stripe.
    func redacted(in text: String) -> String {
        text.replacingOccurrences(of: value, with: "[redacted]")
    }

    var authorization: String { "Bearer \(value)" }
}
