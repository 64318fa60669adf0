/// A call the payment provider still has to make, recorded as pending before it is made. Its idempotency key makes
/// any repeat answer with the first result, so a retry after a crash or a timeout never moves money twice.
public struct PaymentCall: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable { case refund, void, charge, capture }

    public var kind: Kind
    public var orderNumber: Int
    public var amount: Money
    public var idempotencyKey: String
    public var source: PaymentSource

    public init(kind: Kind, orderNumber: Int, amount: Money, idempotencyKey: String, source: PaymentSource) {
        self.kind = kind
        self.orderNumber = orderNumber
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.source = source
    }

    /// A call to the embedded simulated provider about this card.
    public init(kind: Kind, orderNumber: Int, amount: Money, idempotencyKey: String, card: PaymentMethod?) {
        self.init(kind: kind, orderNumber: orderNumber, amount: amount, idempotencyKey: idempotencyKey, source: .simulated(card))
    }

    public var card: PaymentMethod? { source.method }
    public var cardLast4: String? { card?.last4 }
}
