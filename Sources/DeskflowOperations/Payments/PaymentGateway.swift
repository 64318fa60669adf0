import DeskflowDomain
import DeskflowStore

/// One call to the payment provider. The idempotency key makes a repeated call answer with the first result,
/// so a retry after a crash or a timeout never moves money twice.
public struct GatewayCall: Hashable, Sendable {
    public var idempotencyKey: String
    public var orderNumber: Int
    public var amount: Money
    public var cardLast4: String?

    public init(idempotencyKey: String, orderNumber: Int, amount: Money, cardLast4: String?) {
        self.idempotencyKey = idempotencyKey
        self.orderNumber = orderNumber
        self.amount = amount
        self.cardLast4 = cardLast4
    }

    public init(_ call: PaymentCall) {
        self.init(idempotencyKey: call.idempotencyKey, orderNumber: call.orderNumber, amount: call.amount, cardLast4: call.cardLast4)
    }
}

/// The port to the payment provider.
public protocol PaymentGateway: Sendable {
    func authorize(_ call: GatewayCall) async throws -> GatewayOutcome
    func capture(_ call: GatewayCall) async throws -> GatewayOutcome
    func charge(_ call: GatewayCall) async throws -> GatewayOutcome
    func refund(_ call: GatewayCall) async throws -> GatewayOutcome
    func void(_ call: GatewayCall) async throws -> GatewayOutcome
}
