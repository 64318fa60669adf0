import DeskflowDomain
import Foundation

/// A storefront's order to place, under the API token that sent it and the request's idempotency key.
public struct StorefrontPlacementRequest: Sendable {
    public var order: StorefrontOrder
    public var token: APIToken
    public var key: String
    /// What was sent under the key (a digest of the body): the same key with another body is refused.
    public var fingerprint: String
    public var now: Date
    /// The simulated provider's books, when it keeps them in this database: a simulated payment the storefront took
    /// is recorded there too, so later refunds and voids are checked against it.
    public var simulatedLedger: (any SeededPaymentCallLedger)?

    public init(
        order: StorefrontOrder, token: APIToken, key: String, fingerprint: String, now: Date,
        simulatedLedger: (any SeededPaymentCallLedger)?
    ) {
        self.order = order
        self.token = token
        self.key = key
        self.fingerprint = fingerprint
        self.now = now
        self.simulatedLedger = simulatedLedger
    }
}

public enum StorefrontPlacementResult: Sendable, Equatable {
    /// The order was placed; `body` is the response, stored with the key.
    case placed(number: Int, status: Int, body: Data)
    /// The key was used before for the same body: the first response, byte for byte.
    case replayed(status: Int, body: Data)
    /// The key was used before for another body.
    case keyReused
    /// An order with the requested number exists already.
    case numberTaken(Int)
}
