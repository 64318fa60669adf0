/// Who moves an order's money: a real provider, the embedded simulation, or nobody (paid by bank transfer, cash,
/// or anything else recorded by hand).
public enum PaymentProvider: String, Hashable, Sendable, CaseIterable, Codable {
    case stripe, simulated, manual
}

/// Where a payment call goes and what it is about: the provider, the provider's own id for the payment (for Stripe a
/// PaymentIntent `pi_…`), the card on file, and the payment method recorded for the next charge (for Stripe a
/// PaymentMethod `pm_…`).
public struct PaymentSource: Hashable, Sendable {
    public var provider: PaymentProvider
    public var reference: String?
    public var method: PaymentMethod?
    public var methodReference: String?

    public init(provider: PaymentProvider, reference: String? = nil, method: PaymentMethod? = nil, methodReference: String? = nil) {
        self.provider = provider
        self.reference = reference
        self.method = method
        self.methodReference = methodReference
    }

    /// A card with the embedded simulated provider, whose test cards decide what happens by their last four digits.
    public static func simulated(_ method: PaymentMethod?) -> PaymentSource { PaymentSource(provider: .simulated, method: method) }
}
