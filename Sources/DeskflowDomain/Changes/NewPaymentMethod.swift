/// The payment method a customer gave for the next charge, as the order keeps it. Both parts are written as they
/// are: a method known only by the provider's id leaves no card details behind from the one it replaces.
public struct NewPaymentMethod: Hashable, Sendable {
    /// The card as the order page shows it; `nil` when only the provider knows it (a Stripe PaymentMethod recorded by
    /// its id: Deskflow never learns its brand or digits).
    public var card: PaymentMethod?
    /// The provider's id for the method, which the next charge uses (a Stripe PaymentMethod `pm_…`); `nil` for the
    /// simulator's cards, which are told apart by their digits.
    public var reference: String?

    public init(card: PaymentMethod?, reference: String?) {
        self.card = card
        self.reference = reference
    }

    /// A card from the simulator's list.
    public static func card(_ method: PaymentMethod) -> NewPaymentMethod {
        NewPaymentMethod(card: method, reference: nil)
    }

    /// A Stripe PaymentMethod the customer set up, by its id.
    public static func stripe(_ reference: String) -> NewPaymentMethod {
        NewPaymentMethod(card: nil, reference: reference)
    }

    /// `Visa •••• 4242`, or `Stripe payment method pm_…`.
    public var label: String { card?.label ?? "Stripe payment method \(reference ?? "")" }
}
