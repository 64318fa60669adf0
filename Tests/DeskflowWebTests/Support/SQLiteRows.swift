import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

// Fixtures that read the SQLite file itself: rows as the store wrote them, which no page shows whole.

/// A storefront event's outbox row, as stored.
struct WebhookRow {
    var id: Int64
    var recipient: String
    var subject: String
    var body: String
    var state: DeliveryState
    var attempts: Int
    var lastError: String?
    var nextAttemptAt: Date?
}

extension StorefrontWebhookTests {
    static func webhookRows(_ database: any DeskflowDatabase) async throws -> [WebhookRow] {
        try await database.pool.read { db in
            try OutboxRecord.filter(Column("kind") == OutboxMessage.webhookKind).order(Column("id")).fetchAll(db).map { row in
                WebhookRow(
                    id: row.id!, recipient: row.recipient, subject: row.subject, body: row.body, state: row.state,
                    attempts: row.attempts, lastError: row.lastError, nextAttemptAt: row.nextAttemptAt)
            }
        }
    }
}

extension DamagedDataTests {
    static func damage(_ database: any DeskflowDatabase, _ sql: String, _ arguments: StatementArguments) async throws {
        try await database.pool.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// The first refund ever made: its order's number and its own id.
    static func firstRefund(_ database: any DeskflowDatabase) async throws -> (number: Int, refundID: Int64) {
        try await database.pool.read { db in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT o.number, r.id FROM refunds r JOIN orders o ON o.id = r.order_id ORDER BY r.id LIMIT 1
                """))
            return (row[0] as Int, row[1] as Int64)
        }
    }
}
