import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Queues `events` for the storefront, each with the order as this transaction leaves it. Nothing without an
    /// endpoint: a store with no storefront connected writes no rows for one.
    func queueWebhooks(_ events: [StorefrontEvent], orderNumber: Int, now: Date, _ db: Database) throws {
        guard let webhookEndpoint, !events.isEmpty else { return }
        guard let record = try OrderRecord.filter(Column("number") == orderNumber).fetchOne(db) else {
            throw OrderWriteError.orderNotFound
        }
        let document = try Self.document(of: record, db)
        let encoder = OrderDocument.makeEncoder()
        for event in events {
            // Fixed now, so every attempt carries it.
            let envelope = WebhookEnvelope(id: WebhookEnvelope.newID(), type: event.rawValue, createdAt: now, order: document)
            let body = try encoder.encode(envelope)
            var row = OutboxRecord(
                id: nil, orderId: record.id,
                kind: OutboxMessage.webhookKind, recipient: webhookEndpoint, subject: event.rawValue, body: String(decoding: body, as: UTF8.self),
                state: .queued, attempts: 0, lastError: nil, createdAt: now, sentAt: nil, nextAttemptAt: nil, claimedAt: nil)
            try row.insert(db)
        }
    }
}
