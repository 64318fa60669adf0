import DeskflowStore
import Foundation
import PostgresNIO

/// One `outbox` row with its order's number and customer name, decoded from
/// `SELECT \(OutboxRow.columns) FROM outbox m LEFT JOIN orders o ON o.id = m.order_id`. Shared by the notifications
/// log and the outbox's claims.
struct OutboxRow: Sendable {
    var id: Int64
    var orderNumber: Int?
    var customerName: String?
    var kind: String
    var recipient: String
    var replyTo: String?
    var subject: String
    var body: String
    var state: DeliveryState
    var attempts: Int
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?
    var nextAttemptAt: Date?

    static let columns = """
        m.id, o.number AS order_number, o.customer_name, m.kind, m.recipient, m.reply_to, m.subject, m.body, m.state, \
        m.attempts, m.last_error, m.created_at, m.sent_at, m.next_attempt_at
        """

    init(_ row: PostgresRandomAccessRow) throws {
        id = try row.value("id")
        orderNumber = try row.value("order_number", as: Int64?.self).map(Int.init)
        customerName = try row.value("customer_name")
        kind = try row.value("kind")
        recipient = try row.value("recipient")
        replyTo = try row.value("reply_to")
        subject = try row.value("subject")
        body = try row.value("body")
        state = try row.code("state", table: "outbox", key: "\(id)", orderNumber: orderNumber)
        attempts = try row.int("attempts")
        lastError = try row.value("last_error")
        createdAt = try row.value("created_at")
        sentAt = try row.value("sent_at")
        nextAttemptAt = try row.value("next_attempt_at")
    }

    var summary: NotificationSummary {
        NotificationSummary(
            id: id, orderNumber: orderNumber, kind: kind, recipient: recipient, subject: subject, state: state,
            attempts: attempts, lastError: lastError, createdAt: createdAt, sentAt: sentAt, nextAttemptAt: nextAttemptAt)
    }

    var message: OutboxMessage {
        OutboxMessage(
            id: id, orderNumber: orderNumber, kind: kind, recipient: recipient, customerName: customerName,
            replyTo: replyTo, subject: subject, body: body, attempts: attempts, createdAt: createdAt)
    }
}
