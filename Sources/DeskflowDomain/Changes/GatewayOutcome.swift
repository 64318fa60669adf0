/// What the payment provider answered to a call (charge, capture, refund, void). The payment port returns it, and
/// the domain settles the order from it.
public struct GatewayOutcome: Hashable, Sendable {
    public var succeeded: Bool
    public var reference: String?
    public var failureCode: String?
    public var failureMessage: String?
    /// The provider did not settle the call (a timeout): the same call, with the same key, may still go through.
    public var isTransient: Bool

    public init(succeeded: Bool, reference: String?, failureCode: String?, failureMessage: String?, isTransient: Bool = false) {
        self.succeeded = succeeded
        self.reference = reference
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.isTransient = isTransient
    }
}
