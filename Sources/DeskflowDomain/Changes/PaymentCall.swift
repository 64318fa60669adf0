/// A call the payment provider still has to make, recorded as pending before it is made. Its idempotency key makes
/// any repeat answer with the first result, so a retry after a crash or a timeout never moves money twice.
public struct PaymentCall: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable { case refund, void, charge, capture }

    public var kind: Kind
    public var orderNumber: Int
    public var amount: Money
    public var idempotencyKey: String
    public var card: PaymentMethod?

    public init(kind: Kind, orderNumber: Int, amount: Money, idempotencyKey: String, card: PaymentMethod?) {
        self.kind = kind
        self.orderNumber = orderNumber
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.card = card
    }

    public var cardLast4: String? { card?.last4 }
}
