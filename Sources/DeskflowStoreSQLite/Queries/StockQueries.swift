import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Every product's stock, by SKU.
    public func stockLevels() async throws -> [StockLevel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku ORDER BY p.sku
                """).map(Self.stockLevel)
        }
    }

    /// Stock for the given SKUs only.
    public func stockLevels(skus: [String]) async throws -> [StockLevel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku
                WHERE p.sku IN (\(databaseQuestionMarks(count: skus.count))) ORDER BY p.sku
                """, arguments: StatementArguments(skus)).map(Self.stockLevel)
        }
    }

    /// Sets a product's units on hand, as `decide` works out from its stock under the write lock, with a ledger row
    /// and the idempotency record. Returns the stock after the change.
    public func adjustStock(
        sku: String, actor: String, idempotency: IdempotencyClaim, now: Date,
        decide: @Sendable (StockLevel) throws -> (newOnHand: Int, reason: String)
    ) async throws -> (level: StockLevel, replayed: StoredResult?) {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku WHERE p.sku = ?
                """, arguments: [sku])
            else { throw StockAdjustmentError.unknownSKU }
            let level = Self.stockLevel(row)
            if let stored = try Self.replay(idempotency, db) { return (level, stored) }
            let (newOnHand, reason) = try decide(level)
            try db.execute(sql: "UPDATE stock_levels SET on_hand = ? WHERE sku = ?", arguments: [newOnHand, sku])
            var ledger = InventoryLedgerRecord(
                id: nil, sku: sku, orderId: nil, onHandChange: newOnHand - level.onHand, committedChange: 0, reason: reason,
                actor: actor, createdAt: now)
            try ledger.insert(db)
            try Self.storeResult(idempotency, flash: nil, now: now, db)
            var updated = level
            updated.onHand = newOnHand
            return (updated, nil)
        }
    }

    static func stockLevel(_ row: Row) -> StockLevel {
        StockLevel(sku: row["sku"], name: row["name"], onHand: row["on_hand"], committed: row["committed"])
    }
}
