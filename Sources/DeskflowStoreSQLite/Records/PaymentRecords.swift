import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct PaymentRecord: DefinedRecord {
    typealias Kind = PaymentKind
    typealias Status = CallState

    var id: Int64?
    var orderId: Int64
    var kind: Kind
    var amountMinor: Int64
    var status: Status
    var idempotencyKey: String
    var gatewayReference: String?
    var failureCode: String?
    var failureMessage: String?
    var createdAt: Date
    var completedAt: Date?

    static let table = TableDefinition<PaymentRecord>("payments", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("kind", \.kind),
        .init("amount_minor", \.amountMinor),
        .init("status", \.status),
        .init("idempotency_key", \.idempotencyKey),
        .init("gateway_reference", \.gatewayReference),
        .init("failure_code", \.failureCode),
        .init("failure_message", \.failureMessage),
        .init("created_at", \.createdAt),
        .init("completed_at", \.completedAt),
    ])
}

struct RefundRecord: DefinedRecord {
    var id: Int64?
    var orderId: Int64
    var amountMinor: Int64
    var status: RefundState
    var idempotencyKey: String
    var gatewayReference: String?
    var failureMessage: String?
    var requestedBy: String
    var createdAt: Date
    var completedAt: Date?
    var reason: RefundReason?
    var note: String?

    static let table = TableDefinition<RefundRecord>("refunds", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("amount_minor", \.amountMinor),
        .init("status", \.status),
        .init("idempotency_key", \.idempotencyKey),
        .init("gateway_reference", \.gatewayReference),
        .init("failure_message", \.failureMessage),
        .init("requested_by", \.requestedBy),
        .init("created_at", \.createdAt),
        .init("completed_at", \.completedAt),
        .init("reason", \.reason),
        .init("note", \.note),
    ])
}

struct OrderEventRecord: DefinedRecord {
    var id: Int64?
    var orderId: Int64
    var kind: OrderEventKind
    var actor: String
    var summary: String
    var amountMinor: Int64?
    var createdAt: Date

    static let table = TableDefinition<OrderEventRecord>("order_events", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("kind", \.kind),
        .init("actor", \.actor),
        .init("summary", \.summary),
        .init("amount_minor", \.amountMinor),
        .init("created_at", \.createdAt),
    ])
}

struct OutboxRecord: DefinedRecord {
    var id: Int64?
    var orderId: Int64?
    /// Which message it is (`order_cancelled`, `customer_message`, …): the email template it was written from.
    var kind: String
    var recipient: String
    var subject: String
    var body: String
    var state: DeliveryState
    var attempts: Int
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?
    var nextAttemptAt: Date?
    var claimedAt: Date?
    /// Where answers go when it is not the store's own address: the manager who asked support.
    var replyTo: String?
    /// The instance whose claim it is while it is `sending` (`InstanceID`); `nil` otherwise.
    var claimedBy: String? = nil

    static let table = TableDefinition<OutboxRecord>("outbox", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("kind", \.kind),
        .init("recipient", \.recipient),
        .init("subject", \.subject),
        .init("body", \.body),
        .init("state", \.state),
        .init("attempts", \.attempts),
        .init("last_error", \.lastError),
        .init("created_at", \.createdAt),
        .init("sent_at", \.sentAt),
        .init("next_attempt_at", \.nextAttemptAt),
        .init("claimed_at", \.claimedAt),
        .init("reply_to", \.replyTo),
        .init("claimed_by", \.claimedBy),
    ])
}
