/// Where an order stands overall.
public enum OrderStatus: String, CaseIterable, Codable, Sendable {
    /// Awaiting payment.
    case pending
    case processing
    case fulfilled
    case cancelled

    public var label: String {
        switch self {
        case .pending: "Pending"
        case .processing: "Processing"
        case .fulfilled: "Fulfilled"
        case .cancelled: "Cancelled"
        }
    }
}

/// Where the money for an order stands.
public enum PaymentStatus: String, CaseIterable, Codable, Sendable {
    case pending
    case authorized
    case paid
    case partiallyRefunded = "partially_refunded"
    case refunded
    case voided
    case failed

    public var label: String {
        switch self {
        case .pending: "Pending"
        case .authorized: "Authorized"
        case .paid: "Paid"
        case .partiallyRefunded: "Partially refunded"
        case .refunded: "Refunded"
        case .voided: "Voided"
        case .failed: "Failed"
        }
    }
}

/// Where the goods of an order stand.
public enum FulfillmentStatus: String, CaseIterable, Codable, Sendable {
    case unfulfilled
    case fulfilled
    case failed

    public var label: String {
        switch self {
        case .unfulfilled: "Unfulfilled"
        case .fulfilled: "Fulfilled"
        case .failed: "Failed"
        }
    }
}
