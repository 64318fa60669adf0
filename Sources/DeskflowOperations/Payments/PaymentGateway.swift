import DeskflowDomain
import DeskflowStore

/// One call to the payment provider. The idempotency key makes a repeated call answer with the first result,
/// so a retry after a crash or a timeout never moves money twice.
public struct GatewayCall: Hashable, Sendable {
    public var idempotencyKey: String
    public var orderNumber: Int
    public var amount: Money
    /// The provider, its id for the payment and the payment method to charge.
    public var source: PaymentSource

    public init(idempotencyKey: String, orderNumber: Int, amount: Money, source: PaymentSource) {
        self.idempotencyKey = idempotencyKey
        self.orderNumber = orderNumber
        self.amount = amount
        self.source = source
    }

    /// A call to the embedded simulated provider, whose test cards are told apart by their last four digits.
    public init(idempotencyKey: String, orderNumber: Int, amount: Money, cardLast4: String?) {
        self.init(
            idempotencyKey: idempotencyKey, orderNumber: orderNumber, amount: amount,
            source: .simulated(cardLast4.map { PaymentMethod(brand: "", last4: $0) }))
    }

    public init(_ call: PaymentCall) {
        self.init(idempotencyKey: call.idempotencyKey, orderNumber: call.orderNumber, amount: call.amount, source: call.source)
    }

    public var cardLast4: String? { source.method?.last4 }
}

/// A payment method a manager may record for a customer, from the provider's own list: never a typed card number.
public struct PaymentMethodChoice: Hashable, Sendable {
    /// What the form sends.
    public var value: String
    public var method: PaymentMethod
    /// Shown beside the method, for example what a test card does; empty when there is nothing to say.
    public var note: String

    public init(_ value: String, _ method: PaymentMethod, note: String = "") {
        self.value = value
        self.method = method
        self.note = note
    }
}

/// The port to the payment provider. Its answer to every call is a `GatewayOutcome`.
///
/// Deskflow moves money that was already authorized at checkout: the storefront authorizes (for Stripe it confirms the
/// PaymentIntent) and hands the order over with it, so the port has no call to authorize.
public protocol PaymentGateway: Sendable {
    /// The payment methods a manager may record for a customer, in the order to offer them.
    var availableMethods: [PaymentMethodChoice] { get }

    func capture(_ call: GatewayCall) async throws -> GatewayOutcome
    func charge(_ call: GatewayCall) async throws -> GatewayOutcome
    func refund(_ call: GatewayCall) async throws -> GatewayOutcome
    func void(_ call: GatewayCall) async throws -> GatewayOutcome
}

extension PaymentGateway {
    /// The method a form's `value` stands for, or `nil` when it is not one this provider offers.
    public func availableMethod(forChoice value: String) -> PaymentMethod? {
        availableMethods.first { $0.value == value }?.method
    }
}
