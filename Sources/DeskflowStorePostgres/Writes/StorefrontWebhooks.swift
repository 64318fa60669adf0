import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Queues `events` for the storefront, each with the order as this transaction leaves it. Nothing without an
    /// endpoint: a store with no storefront connected writes no rows for one.
    func queueWebhooks(
        _ events: [StorefrontEvent], orderNumber: Int, now: Date, on connection: PostgresConnection
    ) async throws {
        guard let webhookEndpoint, !events.isEmpty else { return }
        guard let record = try await Self.order(number: orderNumber, on: connection, logger: logger) else {
            throw OrderWriteError.orderNotFound
        }
        let document = try await Self.document(of: record, on: connection, logger: logger)
        let encoder = OrderDocument.makeEncoder()
        for event in events {
            // Fixed now, so every attempt carries it.
            let envelope = WebhookEnvelope(id: WebhookEnvelope.newID(), type: event.rawValue, createdAt: now, order: document)
            try await Self.queueMessage(
                orderID: record.id, kind: OutboxMessage.webhookKind, recipient: webhookEndpoint, subject: event.rawValue,
                body: String(decoding: try encoder.encode(envelope), as: UTF8.self), replyTo: nil, now: now,
                on: connection, logger: logger)
        }
    }
}
