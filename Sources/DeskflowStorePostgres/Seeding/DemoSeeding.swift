@_spi(SharedDatabase) import DeskflowStore
import DeskflowDomain
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Seeds the deterministic demo store into an empty database, in one transaction: the same rows SQLite's seeder
    /// writes from the same definition and `now`. The payment calls its payments and refunds stand for go to
    /// `paymentCallLedger`, in the same transaction; it must be one that can await its statements
    /// (`AwaitingPaymentCallLedger`), or the seeding is refused.
    public func seedDemoStore(
        _ definition: DemoStoreDefinition, now: Date, paymentCallLedger: (any SeededPaymentCallLedger)?
    ) async throws -> SeedSummary {
        let ledger = try Self.awaiting(paymentCallLedger)
        var generator = SeededGenerator(seed: definition.seed)
        let customers = DemoCatalog.customers(definition, now: now, using: &generator)
        let plans = DemoScenario.plans(definition, now: now, using: &generator)
        let logger = logger
        return try await client.withRetryingTransaction(logger: logger) { connection in
            // Placements choose their numbers under this lock: none goes in between the check and the seeding.
            try await connection.lockForTransaction(key: Self.orderNumberLock, logger: logger)
            guard try await !Self.holdsStore(on: connection, logger: logger) else {
                throw StoreError.conflict("The database already holds a store; the demo store only goes into an empty one.")
            }
            let inserted = try await Self.insertCatalog(definition, customers: customers, on: connection, logger: logger)
            var seeder = OrderSeeder(
                products: definition.products, customers: inserted, definition: definition, now: now,
                recordsPaymentCalls: ledger != nil)
            var rows = PostgresSeedRows()
            let firstID = try await Self.nextOrderID(on: connection, logger: logger)
            for (offset, plan) in plans.enumerated() {
                try await rows.add(seeder.rows(for: plan, id: firstID + Int64(offset)), on: connection, logger: logger)
            }
            let stock = DemoCatalog.openingStock(
                definition, shipped: seeder.shipped, committed: seeder.committed, openedAt: plans.first?.placedAt ?? now)
            for level in stock.levels { try await rows.add(level, on: connection, logger: logger) }
            for count in stock.counts { try await rows.add(count, on: connection, logger: logger) }
            try await rows.send(on: connection, logger: logger)
            try await Self.orderIDsUsed(through: firstID + Int64(plans.count) - 1, on: connection, logger: logger)
            if let ledger, !rows.paymentCalls.isEmpty {
                try await ledger.record(rows.paymentCalls, awaitingIn: SharedTransaction(connection))
            }
            return SeedSummary(products: definition.products.count, customers: inserted.count, orders: plans.count)
        }
    }

    /// The ledger to record seeded payment calls in, as one that can await its statements; `nil` for none.
    static func awaiting(_ ledger: (any SeededPaymentCallLedger)?) throws -> (any AwaitingPaymentCallLedger)? {
        guard let ledger else { return nil }
        guard let awaiting = ledger as? any AwaitingPaymentCallLedger else { throw LedgerNeedsAwaiting() }
        return awaiting
    }

    /// Whether the database holds products or orders.
    static func holdsStore(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.queryWhileOpen(
            "SELECT EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM orders)", logger: logger)
        for try await holds in rows.decode(Bool.self) { return holds }
        return false
    }

    /// Inserts the definition's products and `customers`, and returns the customers with their ids.
    static func insertCatalog(
        _ definition: DemoStoreDefinition, customers: [SeedCustomer], on connection: PostgresConnection, logger: Logger
    ) async throws -> [SeedCustomer] {
        var products = MultiRowInsert("products", ["sku", "name", "price_minor", "currency"])
        let currency = Currency(code: definition.currency) ?? .usd
        for product in definition.products {
            if products.isFull { try await products.send(on: connection, logger: logger) }
            products.bind(product.sku)
            products.bind(product.name)
            products.bind(product.priceMinor)
            products.bind(currency.code)
            products.endRow()
        }
        try await products.send(on: connection, logger: logger)
        var inserted: [SeedCustomer] = []
        for start in stride(from: 0, to: customers.count, by: 10_000) {
            let part = customers[start..<min(start + 10_000, customers.count)]
            var query = QueryText("INSERT INTO customers (name, email, created_at) VALUES ")
            for (index, customer) in part.enumerated() {
                query.append(index == 0 ? "(" : ", (")
                query.append(
                    [query.bind(customer.name), query.bind(customer.email), query.bind(customer.createdAt.stored)]
                        .joined(separator: ", "))
                query.append(")")
            }
            query.append(" RETURNING id")
            var ids: [Int64] = []
            for try await id in try await connection.queryWhileOpen(query.query, logger: logger).decode(Int64.self) {
                ids.append(id)
            }
            // Identities are drawn row by row in the order of VALUES: the lowest id is the first row's.
            for (customer, id) in zip(part, ids.sorted()) {
                var customer = customer
                customer.id = id
                inserted.append(customer)
            }
        }
        return inserted
    }

    /// The id the next order inserted gets, as SQLite's `AUTOINCREMENT` gives it: one past the highest ever used.
    static func nextOrderID(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.queryWhileOpen(
            """
            SELECT GREATEST(
              COALESCE((SELECT max(id) FROM orders), 0),
              COALESCE(pg_sequence_last_value(pg_get_serial_sequence('orders', 'id')::regclass), 0)) + 1
            """,
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return 1
    }

    /// Moves the orders' identity past the ids the seeder gave, so the next order placed gets the one after.
    static func orderIDsUsed(through lastID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        guard lastID > 0 else { return }
        try await connection.perform(
            "SELECT setval(pg_get_serial_sequence('orders', 'id'), \(lastID))", logger: logger)
    }
}
