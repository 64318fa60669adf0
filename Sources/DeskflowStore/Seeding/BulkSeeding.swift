import DeskflowDomain
import Foundation
import GRDB

extension AppDatabase {
    /// Adds `count` generated orders spread over the two years before `now`, in batches, reporting progress
    /// after each batch. Seeds the demo catalog first when the database has none. The payment calls the orders'
    /// payments and refunds stand for go to `paymentCallLedger`, batch by batch, in the same transactions.
    public func seedBulkOrders(
        count: Int, definition: DemoStoreDefinition, now: Date, batchSize: Int = 5_000,
        paymentCallLedger: (any SeededPaymentCallLedger)? = nil,
        progress: (_ written: Int) -> Void = { _ in }
    ) async throws {
        var generator = SeededGenerator(seed: definition.seed &+ UInt64(count))
        let (customers, afterCatalog) = try await pool.write { [generator] db -> ([CustomerRecord], SeededGenerator) in
            var generator = generator
            if try ProductRecord.fetchCount(db) == 0 {
                let customers = try Self.insertCatalog(definition, now: now, using: &generator, db)
                try Self.insertStockLevels(
                    definition, writer: OrderSeedWriter(products: [], customers: [], definition: definition, currency: .usd, now: now),
                    openedAt: now.addingTimeInterval(-2 * 365 * 86_400), db)
                return (customers, generator)
            }
            return (try CustomerRecord.order(Column("id")).fetchAll(db), generator)
        }
        generator = afterCatalog
        let products = try await pool.read { db in
            try ProductRecord.order(Column("sku")).fetchAll(db).map {
                DemoStoreDefinition.Product(sku: $0.sku, name: $0.name, priceMinor: $0.priceMinor, onHand: 0)
            }
        }
        guard !customers.isEmpty, !products.isEmpty else { return }
        let firstNumber = try await pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM orders") ?? definition.firstOrderNumber - 1) + 1
        }
        let span = 2 * 365 * 86_400.0
        let start = now.addingTimeInterval(-span)
        let step = span / Double(max(count, 1))
        var written = 0
        // Millions of rows go through the writer: give it a page cache that holds the growing indexes' hot pages,
        // rather than SQLite's default 2 MB, and put the default back afterwards.
        let cacheSize = try await pool.writeWithoutTransaction { db in
            let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
            try db.execute(sql: "PRAGMA cache_size = -262144")
            return previous
        }
        do {
            while written < count {
                let batch = min(batchSize, count - written)
                generator = try await pool.write { [generator, written] db in
                    var generator = generator
                    var writer = OrderSeedWriter(
                        products: products, customers: customers, definition: definition,
                        currency: Currency(code: definition.currency) ?? .usd, now: now, paymentCallLedger: paymentCallLedger)
                    for offset in 0..<batch {
                        let index = written + offset
                        let rare = Int.random(in: 0..<100, using: &generator) == 0
                        let state = rare
                            ? OrderState.allPossible.randomElement(using: &generator)!
                            : DemoScenario.randomState(using: &generator)
                        let failure = state.issue.flatMap { definition.failures[$0.rawValue]?.randomElement(using: &generator) }
                        let lineCount = Int.random(in: 1...3, using: &generator)
                        let plan = OrderPlan(
                            number: firstNumber + index, placedAt: start.addingTimeInterval(Double(index) * step),
                            customerIndex: Int.random(in: 0..<customers.count, using: &generator),
                            lines: (0..<lineCount).map { turn in
                                ((index * 7 + turn * 13) % products.count, Int.random(in: 1...3, using: &generator))
                            },
                            state: state, failure: failure,
                            card: state.payment == .pending ? nil : (failure?.card ?? definition.cards.randomElement(using: &generator)),
                            cityIndex: Int.random(in: 0..<definition.cities.count, using: &generator),
                            streetIndex: Int.random(in: 0..<definition.streets.count, using: &generator),
                            cancelReason: state.status == .cancelled ? .customer : nil)
                        try writer.write(plan, db)
                    }
                    try writer.flush(db)
                    // Keep the ledger adding up: what these orders shipped arrived as stock first.
                    for (sku, units) in writer.shipped.sorted(by: { $0.key < $1.key }) {
                        var received = InventoryLedgerRecord(
                            id: nil, sku: sku, orderId: nil, onHandChange: units, committedChange: 0,
                            reason: "Stock received", actor: OrderSeedWriter.staffActor, createdAt: start)
                        try received.insert(db)
                    }
                    for (sku, units) in writer.committed {
                        try db.execute(sql: "UPDATE stock_levels SET committed = committed + ? WHERE sku = ?", arguments: [units, sku])
                    }
                    return generator
                }
                written += batch
                progress(written)
            }
        } catch {
            _ = try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            throw error
        }
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
    }
}
