import Foundation

/// The kinds of failure that stop an order from completing until someone resolves them.
public enum IssueKind: String, CaseIterable, Codable, Sendable {
    case paymentFailed = "payment_failed"
    case processingError = "processing_error"
    case fulfillmentFailed = "fulfillment_failed"
    case refundFailed = "refund_failed"

    /// The actions that can resolve this failure, in the order a manager would try them.
    public var resolutions: [OrderAction] {
        switch self {
        case .paymentFailed: [.retryPayment, .requestPaymentMethod, .recordPaymentMethod, .markPaid, .cancel, .messageCustomer]
        case .processingError: [.fixAddress, .retryProcessing, .cancel, .messageCustomer, .contactSupport]
        case .fulfillmentFailed: [.retryFulfillment, .fixAddress, .cancel, .messageCustomer, .contactSupport]
        case .refundFailed: [.retryRefund, .markRefunded, .messageCustomer]
        }
    }

    /// The timeline entries that record attempts at the failed step and their results.
    public var attemptEvents: Set<OrderEventKind> {
        switch self {
        case .paymentFailed: [.paymentFailed, .paymentRetried, .paymentCaptured]
        case .processingError: [.processingFailed, .processingSucceeded]
        case .fulfillmentFailed: [.fulfillmentFailed, .orderFulfilled]
        case .refundFailed: [.refundRequested, .refundFailed, .refundSucceeded]
        }
    }

    /// What the failure means, in plain words, for the order page's banner.
    public var explanation: String {
        switch self {
        case .paymentFailed: "The payment could not be collected, so the order is waiting for payment."
        case .processingError: "The order could not be processed, so it cannot go to the warehouse yet."
        case .fulfillmentFailed: "The warehouse could not ship the order."
        case .refundFailed: "A refund to the customer did not go through; the money has not gone back yet."
        }
    }

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
    /// A fix for a failure that needs one has been made since it last failed (a new payment method recorded, the
    /// address edited), so the retry is worth trying: the code still describes the data before the fix.
    public var fixMade: Bool

    /// The code a payment call gets when the provider never answered it (a timeout).
    public static let noAnswerCode = "gateway_timeout"

    /// The failure was a call the provider never answered: it may have acted all the same, and only a retry under
    /// the same idempotency key finds out.
    public var providerMayHaveActed: Bool { code == Self.noAnswerCode }

    /// What the failure means, for the order page's banner; a call left unanswered is not said to have failed outright.
    public var explanation: String {
        guard providerMayHaveActed else { return kind.explanation }
        switch kind {
        case .refundFailed:
            return "The payment provider did not answer, so the refund may or may not have gone through. Retrying asks under the same key and never refunds twice."
        case .paymentFailed:
            return "The payment provider did not answer, so the charge may or may not have gone through. Retrying sends the same charge and never takes the money twice."
        case .processingError, .fulfillmentFailed:
            return kind.explanation
        }
    }

    public init(kind: IssueKind, code: String, message: String, since: Date, attempts: Int, fixMade: Bool = false) {
        self.kind = kind
        self.code = code
        self.message = message
        self.since = since
        self.attempts = attempts
        self.fixMade = fixMade
    }
}
