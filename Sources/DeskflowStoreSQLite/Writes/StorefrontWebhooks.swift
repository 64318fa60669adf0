import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

/// The body of one webhook POST, fixed when it is queued: every attempt sends these bytes, with this `id`.
struct WebhookEnvelope: Encodable {
    struct Data: Encodable {
        var order: OrderDocument
    }

    var id: String
    var type: String
    var createdAt: Date
    var data: Data

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }
}

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
            // Fixed now, so every attempt carries it; random, so no other event (after a restore, or from another store
            // sending to the same storefront) can ever share it.
            let id = "evt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let body = try encoder.encode(WebhookEnvelope(id: id, type: event.rawValue, createdAt: now, data: .init(order: document)))
            var row = OutboxRecord(
                id: nil, orderId: record.id,
                kind: OutboxMessage.webhookKind, recipient: webhookEndpoint, subject: event.rawValue, body: String(decoding: body, as: UTF8.self),
                state: .queued, attempts: 0, lastError: nil, createdAt: now, sentAt: nil, nextAttemptAt: nil, claimedAt: nil)
            try row.insert(db)
        }
    }
}
