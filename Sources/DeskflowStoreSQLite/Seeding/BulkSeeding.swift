import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Adds `count` generated orders spread over the two years before `now`, in batches of one transaction each,
    /// reporting progress after each batch. Seeds the demo catalog first when the database has none. The payment
    /// calls the orders' payments and refunds stand for go to `paymentCallLedger`, in the same transactions.
    ///
    /// Into a store being served, batches are of 5,000 orders by default, so the store stays usable while they go
    /// in. Into an empty store, which is being loaded rather than served, they are of 50,000, the indexes on the
    /// tables they fill are built once the rows are in, and commits are not synced to the disk one by one: the file
    /// is written out and synced once at the end. A load stopped part-way keeps the batches it committed; the
    /// indexes it had not built yet are built when the database is next opened.
    public func seedBulkOrders(
        count: Int, definition: DemoStoreDefinition, now: Date, batchSize: Int? = nil,
        paymentCallLedger: (any SeededPaymentCallLedger)? = nil, progress: (_ written: Int) -> Void = { _ in }
    ) async throws {
        let emptyStore = try await isStoreEmpty()
        var generator = SeededGenerator(seed: definition.seed &+ UInt64(count))
        let (afterCatalog, firstBatch) = try await pool.write { [generator] db in
            var generator = generator
            let orders = try BulkOrders(
                count: count, definition: definition, now: now, paymentCallLedger: paymentCallLedger, using: &generator, db)
            return (generator, orders)
        }
        generator = afterCatalog
        guard var orders = firstBatch else { return }
        let batchSize = batchSize ?? (emptyStore ? 50_000 : 5_000)
        try await withBulkLoadSettings(emptyStore: emptyStore) {
            while orders.written < count {
                let batch = min(batchSize, count - orders.written)
                (generator, orders) = try await pool.write { [generator, orders] db in
                    var (generator, orders) = (generator, orders)
                    try orders.writeBatch(batch, using: &generator, db)
                    return (generator, orders)
                }
                progress(orders.written)
            }
        }
    }

    /// Runs `body` with the writer set for loading millions of rows, and puts everything back afterwards, whether
    /// the load finished or not: a page cache that holds the growing indexes' hot pages rather than SQLite's default
    /// 2 MB and, into an empty store, no index on the tables the seeder fills but those behind UNIQUE and PRIMARY KEY
    /// constraints, commits that are not synced to the disk one by one, and an index sort in memory on two threads.
    /// Then the indexes are built, and the load is written from the WAL into the database file, synced to the disk as
    /// every commit is, and the WAL emptied.
    private func withBulkLoadSettings(emptyStore: Bool, _ body: () async throws -> Void) async throws {
        let loadSettings = [("cache_size", "-262144")]
            + (emptyStore ? [("synchronous", "OFF"), ("temp_store", "MEMORY"), ("threads", "2")] : [])
        let previous = try await pool.writeWithoutTransaction { db in
            try loadSettings.compactMap { pragma, value -> (String, Int)? in
                // Each of these reads back as a number.
                guard let previous = try Int.fetchOne(db, sql: "PRAGMA \(pragma)") else { return nil }
                try db.execute(sql: "PRAGMA \(pragma) = \(value)")
                return (pragma, previous)
            }
        }
        let indexes = emptyStore
            ? try await pool.write { db in try Self.dropIndexes(on: SeedRowBuffers.tables, db) } : []
        let restore = { @Sendable (db: Database) throws in
            try db.inTransaction {
                for index in indexes { try db.execute(sql: index) }
                return .commit
            }
            for (pragma, value) in previous { try db.execute(sql: "PRAGMA \(pragma) = \(value)") }
            if emptyStore { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        do {
            try await body()
        } catch {
            _ = try? await pool.writeWithoutTransaction(restore)
            throw error
        }
        try await pool.writeWithoutTransaction(restore)
    }

    /// Drops the indexes on `tables` that the migrations created (not the ones behind UNIQUE and PRIMARY KEY
    /// constraints, which SQLite manages), and returns the statements that create them again, in their order.
    static func dropIndexes(on tables: [String], _ db: Database) throws -> [String] {
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(databaseQuestionMarks(count: tables.count)))
            ORDER BY rowid
            """, arguments: StatementArguments(tables))
        for index in indexes {
            try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
        }
        return indexes.map { $0["sql"] }
    }
}

/// Generated orders being written batch by batch, as `BulkOrderPlans` plans them.
private struct BulkOrders: Sendable {
    let definition: DemoStoreDefinition
    let now: Date
    let paymentCallLedger: (any SeededPaymentCallLedger)?
    let customers: [CustomerRecord]
    let products: [DemoStoreDefinition.Product]
    private(set) var plans: BulkOrderPlans
    var written: Int { plans.planned }

    /// Reads (or first seeds) the catalog the orders are made from; `nil` when there is nothing to order.
    init?(
        count: Int, definition: DemoStoreDefinition, now: Date, paymentCallLedger: (any SeededPaymentCallLedger)?,
        using generator: inout SeededGenerator, _ db: Database
    ) throws {
        if try ProductRecord.fetchCount(db) == 0 {
            customers = try SQLiteStore.insertCatalog(definition, now: now, using: &generator, db)
            try SQLiteStore.insertStockLevels(
                definition, shipped: [:], committed: [:], openedAt: now.addingTimeInterval(-BulkOrderPlans.span), db)
        } else {
            customers = try CustomerRecord.order(Column("id")).fetchAll(db)
        }
        products = try ProductRecord.order(Column("sku")).fetchAll(db).map {
            DemoStoreDefinition.Product(sku: $0.sku, name: $0.name, priceMinor: $0.priceMinor, onHand: 0)
        }
        guard !customers.isEmpty, !products.isEmpty else { return nil }
        let highest = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM orders")
        plans = BulkOrderPlans(
            count: count, definition: definition, now: now, customerCount: customers.count,
            productCount: products.count, highestNumber: highest)
        self.definition = definition
        self.now = now
        self.paymentCallLedger = paymentCallLedger
    }

    /// Writes the next `batch` orders, with the stock that keeps their ledger adding up.
    mutating func writeBatch(_ batch: Int, using generator: inout SeededGenerator, _ db: Database) throws {
        var writer = OrderSeedWriter(
            products: products, customers: customers, definition: definition, now: now,
            paymentCallLedger: paymentCallLedger)
        for plan in plans.next(batch, using: &generator) { try writer.write(plan, db) }
        try writer.flush(db)
        for received in plans.stockReceived(shipped: writer.shipped) {
            var record = InventoryLedgerRecord(received)
            try record.insert(db)
        }
        for (sku, units) in writer.committed {
            try db.execute(sql: "UPDATE stock_levels SET committed = committed + ? WHERE sku = ?", arguments: [units, sku])
        }
    }
}
