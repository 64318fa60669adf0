/// Why a manager refunds money on an order that goes on (open, fulfilled, or already cancelled).
public enum RefundReason: String, CaseIterable, Codable, Sendable {
    case customerRequest = "customer_request"
    case damaged
    case notReceived = "not_received"
    case goodwill
    case duplicate
    case other

    public var label: String {
        switch self {
        case .customerRequest: "Customer asked for a refund"
        case .damaged: "Item arrived damaged"
        case .notReceived: "Item never arrived"
        case .goodwill: "Goodwill gesture"
        case .duplicate: "Charged twice"
        case .other: "Other"
        }
    }

    /// The sentence the customer's email opens with.
    public var customerExplanation: String {
        switch self {
        case .customerRequest: "As you asked, we are refunding part of your order."
        case .damaged: "We are sorry your item arrived damaged, and are refunding it."
        case .notReceived: "We are sorry your item never arrived, and are refunding it."
        case .goodwill: "We are sorry for the trouble with your order; as a gesture of goodwill we are refunding part of it."
        case .duplicate: "You were charged twice for your order, and we are refunding the extra charge."
        case .other: "We are refunding part of your order."
        }
    }
}
