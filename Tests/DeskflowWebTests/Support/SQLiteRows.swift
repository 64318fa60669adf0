import DeskflowStore
import Foundation
import GRDB

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
