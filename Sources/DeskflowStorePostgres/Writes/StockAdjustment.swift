import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Sets a product's units on hand as `decide` works out from its stock, locked `FOR UPDATE`, with a ledger row
    /// and the idempotency record. A repeated key answers the stock as it stands with the stored result.
    public func adjustStock(
        sku: String, actor: String, idempotency: IdempotencyClaim, now: Date,
        decide: @Sendable (StockLevel) throws -> (newOnHand: Int, reason: String)
    ) async throws -> (level: StockLevel, replayed: StoredResult?) {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: idempotency.key, logger: logger)
            let rows = try await connection.queryWhileOpen(
                """
                SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku
                WHERE p.sku = \(sku)
                FOR UPDATE OF s
                """,
                logger: logger)
            var found: StockLevel?
            for try await (sku, name, onHand, committed) in rows.decode((String, String, Int, Int).self) {
                found = StockLevel(sku: sku, name: name, onHand: onHand, committed: committed)
            }
            guard let level = found else { throw StockAdjustmentError.unknownSKU }
            if let stored = try await connection.replay(idempotency, logger: logger) { return (level, stored) }
            let (newOnHand, reason) = try decide(level)
            try await connection.perform(
                "UPDATE stock_levels SET on_hand = \(newOnHand) WHERE sku = \(sku)", logger: logger)
            try await connection.perform(
                """
                INSERT INTO inventory_ledger (sku, order_id, on_hand_change, committed_change, reason, actor, created_at)
                VALUES (\(sku), NULL, \(newOnHand - level.onHand), 0, \(reason), \(actor), \(now.stored))
                """,
                logger: logger)
            try await connection.storeResult(idempotency, flash: nil, now: now, logger: logger)
            var updated = level
            updated.onHand = newOnHand
            return (updated, nil)
        }
    }
}
