@_spi(SharedDatabase) import DeskflowStore
import DeskflowDomain
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Adds `count` generated orders spread over the two years before `now`, in batches of one transaction each,
    /// reporting progress after each batch: the same orders SQLite's seeder writes from the same definition, count and
    /// `now`. Seeds the demo catalog first when the database has none. The payment calls the orders' payments and
    /// refunds stand for go to `paymentCallLedger`, in the same transactions (one that can await its statements, or
    /// the seeding is refused).
    ///
    /// Each batch holds the lock placements choose their numbers under, so batches of 5,000 orders by default keep a
    /// store being served taking orders in between; into an empty store, being loaded rather than served, they are of
    /// 20,000. A load stopped part-way keeps the batches it committed.
    public func seedBulkOrders(
        count: Int, definition: DemoStoreDefinition, now: Date, batchSize: Int?,
        paymentCallLedger: (any SeededPaymentCallLedger)?, progress: (_ written: Int) -> Void
    ) async throws {
        let ledger = try Self.awaiting(paymentCallLedger)
        let emptyStore = try await isStoreEmpty()
        let logger = logger
        let seed = SeededGenerator(seed: definition.seed &+ UInt64(count))
        let catalog = try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: Self.orderNumberLock, logger: logger)
            var generator = seed
            let customers: [SeedCustomer]
            if try await !Self.holdsProducts(on: connection, logger: logger) {
                customers = try await Self.insertCatalog(
                    definition, customers: DemoCatalog.customers(definition, now: now, using: &generator),
                    on: connection, logger: logger)
                let stock = DemoCatalog.openingStock(
                    definition, shipped: [:], committed: [:], openedAt: now.addingTimeInterval(-BulkOrderPlans.span))
                var rows = PostgresSeedRows()
                for level in stock.levels { try await rows.add(level, on: connection, logger: logger) }
                for count in stock.counts { try await rows.add(count, on: connection, logger: logger) }
                try await rows.send(on: connection, logger: logger)
            } else {
                customers = try await Self.seedCustomers(on: connection, logger: logger)
            }
            return BulkCatalog(
                generator: generator, customers: customers,
                products: try await Self.seedProducts(on: connection, logger: logger),
                highestNumber: try await Self.highestOrderNumber(on: connection, logger: logger))
        }
        guard !catalog.customers.isEmpty, !catalog.products.isEmpty else { return }
        var generator = catalog.generator
        var plans = BulkOrderPlans(
            count: count, definition: definition, now: now, customerCount: catalog.customers.count,
            productCount: catalog.products.count, highestNumber: catalog.highestNumber)
        let batchSize = max(batchSize ?? (emptyStore ? 20_000 : 5_000), 1)
        while plans.planned < count {
            let batch = plans.next(min(batchSize, count - plans.planned), using: &generator)
            let received = plans
            try await client.withRetryingTransaction(logger: logger) { connection in
                try await connection.lockForTransaction(key: Self.orderNumberLock, logger: logger)
                var seeder = OrderSeeder(
                    products: catalog.products, customers: catalog.customers, definition: definition, now: now,
                    recordsPaymentCalls: ledger != nil)
                var rows = PostgresSeedRows()
                let firstID = try await Self.nextOrderID(on: connection, logger: logger)
                for (offset, plan) in batch.enumerated() {
                    try await rows.add(seeder.rows(for: plan, id: firstID + Int64(offset)), on: connection, logger: logger)
                }
                // Keep the ledger adding up: what these orders shipped arrived as stock first.
                for movement in received.stockReceived(shipped: seeder.shipped) {
                    try await rows.add(movement, on: connection, logger: logger)
                }
                try await rows.send(on: connection, logger: logger)
                try await Self.orderIDsUsed(through: firstID + Int64(batch.count) - 1, on: connection, logger: logger)
                for (sku, units) in seeder.committed.sorted(by: { $0.key < $1.key }) {
                    try await connection.perform(
                        "UPDATE stock_levels SET committed = committed + \(units) WHERE sku = \(sku)", logger: logger)
                }
                if let ledger, !rows.paymentCalls.isEmpty {
                    try await ledger.record(rows.paymentCalls, awaitingIn: SharedTransaction(connection))
                }
            }
            progress(plans.planned)
        }
        try await refreshPlannerStatistics()
    }

    /// Whether the database holds any product.
    static func holdsProducts(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        for try await holds in try await connection.queryWhileOpen("SELECT EXISTS (SELECT 1 FROM products)", logger: logger)
            .decode(Bool.self)
        {
            return holds
        }
        return false
    }

    /// Every customer, by id: whom generated orders are for.
    static func seedCustomers(on connection: PostgresConnection, logger: Logger) async throws -> [SeedCustomer] {
        var customers: [SeedCustomer] = []
        let rows = try await connection.queryWhileOpen("SELECT id, name, email, created_at FROM customers ORDER BY id", logger: logger)
        for try await (id, name, email, createdAt) in rows.decode((Int64, String, String, Date).self) {
            customers.append(SeedCustomer(id: id, name: name, email: email, createdAt: createdAt))
        }
        return customers
    }

    /// Every product, by SKU as SQLite orders text (byte by byte): what generated orders are made of.
    static func seedProducts(
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [DemoStoreDefinition.Product] {
        var products: [DemoStoreDefinition.Product] = []
        let rows = try await connection.queryWhileOpen(
            #"SELECT sku, name, price_minor FROM products ORDER BY sku COLLATE "C""#, logger: logger)
        for try await (sku, name, priceMinor) in rows.decode((String, String, Int64).self) {
            products.append(DemoStoreDefinition.Product(sku: sku, name: name, priceMinor: priceMinor, onHand: 0))
        }
        return products
    }

    static func highestOrderNumber(on connection: PostgresConnection, logger: Logger) async throws -> Int? {
        for try await highest in try await connection.queryWhileOpen("SELECT max(number) FROM orders", logger: logger)
            .decode(Int?.self)
        {
            return highest
        }
        return nil
    }
}

/// What bulk seeding reads (or first seeds) before its batches: the generator as the catalog left it, whom the
/// orders are for, what they are made of, and the number they follow.
private struct BulkCatalog: Sendable {
    var generator: SeededGenerator
    var customers: [SeedCustomer]
    var products: [DemoStoreDefinition.Product]
    var highestNumber: Int?
}
