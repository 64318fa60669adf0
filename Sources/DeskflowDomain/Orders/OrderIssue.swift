import Foundation

/// The kinds of failure that stop an order from completing until someone resolves them.
public enum IssueKind: String, CaseIterable, Codable, Sendable {
    case paymentFailed = "payment_failed"
    case processingError = "processing_error"
    case fulfillmentFailed = "fulfillment_failed"
    case refundFailed = "refund_failed"

    public var label: String {
        switch self {
        case .paymentFailed: "Payment failed"
        case .processingError: "Processing error"
        case .fulfillmentFailed: "Fulfillment failed"
        case .refundFailed: "Refund failed"
        }
    }
}

/// The one open failure of an order: what failed, the outside system's code and message, since when,
/// and how many attempts have been made.
public struct OrderIssue: Hashable, Sendable, Codable {
    public var kind: IssueKind
    public var code: String
    public var message: String
    public var since: Date
    public var attempts: Int

    public init(kind: IssueKind, code: String, message: String, since: Date, attempts: Int) {
        self.kind = kind
        self.code = code
        self.message = message
        self.since = since
        self.attempts = attempts
    }
}
