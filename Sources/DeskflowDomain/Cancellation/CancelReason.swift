/// Why a manager cancelled an order; kept on the cancellation record and told to the customer.
public enum CancelReason: String, CaseIterable, Codable, Sendable {
    case customer
    case fraud
    case inventory
    case declined
    case staff
    case other

    public var label: String {
        switch self {
        case .customer: "Customer changed or cancelled order"
        case .fraud: "Fraudulent order"
        case .inventory: "Items unavailable"
        case .declined: "Payment declined"
        case .staff: "Staff error"
        case .other: "Other"
        }
    }
}
