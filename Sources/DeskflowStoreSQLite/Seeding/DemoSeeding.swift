import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Whether the database holds no store yet (no products and no orders).
    public func isStoreEmpty() async throws -> Bool {
        try await pool.read { db in
            try ProductRecord.fetchCount(db) == 0 && OrderRecord.fetchCount(db) == 0
        }
    }

    /// Seeds the deterministic demo store into an empty database, in one transaction. The payment calls its
    /// payments and refunds stand for go to `paymentCallLedger`, in the same transaction.
    public func seedDemoStore(
        _ definition: DemoStoreDefinition, now: Date, paymentCallLedger: (any SeededPaymentCallLedger)? = nil
    ) async throws -> SeedSummary {
        try await pool.write { db in
            guard try OrderRecord.fetchCount(db) == 0, try ProductRecord.fetchCount(db) == 0 else {
                throw StoreError.conflict("The database already holds a store; the demo store only goes into an empty one.")
            }
            var generator = SeededGenerator(seed: definition.seed)
            let customers = try Self.insertCatalog(definition, now: now, using: &generator, db)
            var writer = OrderSeedWriter(
                products: definition.products, customers: customers, definition: definition, now: now,
                paymentCallLedger: paymentCallLedger)
            let plans = DemoScenario.plans(definition, now: now, using: &generator)
            for plan in plans { try writer.write(plan, db) }
            try writer.flush(db)
            try Self.insertStockLevels(
                definition, shipped: writer.shipped, committed: writer.committed,
                openedAt: plans.first?.placedAt ?? now, db)
            return SeedSummary(products: definition.products.count, customers: customers.count, orders: plans.count)
        }
    }

    static func insertCatalog(
        _ definition: DemoStoreDefinition, now: Date, using generator: inout SeededGenerator, _ db: Database
    ) throws -> [CustomerRecord] {
        for product in definition.products {
            try ProductRecord(
                sku: product.sku, name: product.name, priceMinor: product.priceMinor,
                currency: Currency(code: definition.currency) ?? .usd
            ).insert(db)
        }
        return try DemoCatalog.customers(definition, now: now, using: &generator).map { customer in
            var record = CustomerRecord(id: nil, name: customer.name, email: customer.email, createdAt: customer.createdAt)
            try record.insert(db)
            return record
        }
    }

    /// Stock levels that agree with the ledger: opening stock plus what shipped gives today's count on hand.
    static func insertStockLevels(
        _ definition: DemoStoreDefinition, shipped: [String: Int], committed: [String: Int], openedAt: Date,
        _ db: Database
    ) throws {
        let stock = DemoCatalog.openingStock(definition, shipped: shipped, committed: committed, openedAt: openedAt)
        for (level, count) in zip(stock.levels, stock.counts) {
            try StockLevelRecord(sku: level.sku, onHand: level.onHand, committed: level.committed).insert(db)
            var opening = InventoryLedgerRecord(count)
            try opening.insert(db)
        }
    }
}
