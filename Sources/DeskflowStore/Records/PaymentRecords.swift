import Foundation
import GRDB

struct PaymentRecord: SnakeCaseRecord {
    static let databaseTableName = "payments"

    var id: Int64?
    var orderId: Int64
    /// `authorization`, `capture`, `charge` or `void`.
    var kind: String
    var amountMinor: Int64
    /// `pending`, `succeeded` or `failed`.
    var status: String
    var idempotencyKey: String
    var gatewayReference: String?
    var failureCode: String?
    var failureMessage: String?
    var createdAt: Date
    var completedAt: Date?
}

struct RefundRecord: SnakeCaseRecord {
    static let databaseTableName = "refunds"

    var id: Int64?
    var orderId: Int64
    var amountMinor: Int64
    /// `pending`, `succeeded` or `failed`.
    var status: String
    var idempotencyKey: String
    var gatewayReference: String?
    var failureMessage: String?
    var requestedBy: String
    var createdAt: Date
    var completedAt: Date?
}

struct OrderEventRecord: SnakeCaseRecord {
    static let databaseTableName = "order_events"

    var id: Int64?
    var orderId: Int64
    var kind: String
    var actor: String
    var summary: String
    var amountMinor: Int64?
    var createdAt: Date
}

struct OutboxRecord: SnakeCaseRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var orderId: Int64?
    var kind: String
    var recipient: String
    var subject: String
    var body: String
    /// `queued`, `sent` or `failed`.
    var state: String
    var attempts: Int
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?
    var nextAttemptAt: Date?
    var claimedAt: Date?
}
