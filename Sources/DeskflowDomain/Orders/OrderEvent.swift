import Foundation

/// What happened to an order, as recorded on its timeline. Raw values are the `data-event` hooks of the pages.
public enum OrderEventKind: String, CaseIterable, Codable, Sendable {
    case orderPlaced = "order_placed"
    case paymentAuthorized = "payment_authorized"
    case paymentCaptured = "payment_captured"
    case paymentFailed = "payment_failed"
    case paymentRetried = "payment_retried"
    case paymentReceived = "payment_received"
    case paymentMethodRequested = "payment_method_requested"
    case paymentMethodUpdated = "payment_method_updated"
    case processingSucceeded = "processing_succeeded"
    case processingFailed = "processing_failed"
    case addressUpdated = "address_updated"
    case fulfillmentFailed = "fulfillment_failed"
    case orderFulfilled = "order_fulfilled"
    case orderCancelled = "order_cancelled"
    case authorizationVoided = "authorization_voided"
    case refundRequested = "refund_requested"
    case refundSucceeded = "refund_succeeded"
    case refundFailed = "refund_failed"
    case itemsRestocked = "items_restocked"
    case customerNotified = "customer_notified"
    case customerMessaged = "customer_messaged"
    case supportRequested = "support_requested"
}

/// One entry of an order's timeline: who did what, when, with which amount.
public struct OrderEvent: Hashable, Sendable {
    public var kind: OrderEventKind
    public var actor: String
    public var summary: String
    public var amount: Money?
    public var occurredAt: Date

    public init(kind: OrderEventKind, actor: String, summary: String, amount: Money?, occurredAt: Date) {
        self.kind = kind
        self.actor = actor
        self.summary = summary
        self.amount = amount
        self.occurredAt = occurredAt
    }
}
