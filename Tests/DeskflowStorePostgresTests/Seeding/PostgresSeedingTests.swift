import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import DeskflowStoreSQLite
import Foundation
import PostgresNIO
import Testing

/// Seeding on PostgreSQL gives the store SQLite's seeder gives from the same definition and `now`.
@Suite("PostgreSQL seeding", .postgresServer)
struct PostgresSeedingTests {
    static let now = PostgresStoreFixture.now

    @Test("the demo store is SQLite's: orders, counts, order pages, documents, stock and cancellations")
    func demoStoreAsOnSQLite() async throws {
        let definition = try SeedingFixtures.definition()
        let sqlite = try SQLiteStore.temporary()
        let sqliteLedger = CollectingLedger()
        let sqliteSummary = try await sqlite.seedDemoStore(definition, now: Self.now, paymentCallLedger: sqliteLedger)
        let expected = try await SeededStoreView(of: sqlite, now: Self.now)

        try await PostgresStoreFixture.withStore { store in
            let ledger = CollectingLedger()
            #expect(try await store.isStoreEmpty())

            let summary = try await store.seedDemoStore(definition, now: Self.now, paymentCallLedger: ledger)

            #expect(summary == sqliteSummary)
            #expect(summary == SeedSummary(products: 48, customers: 60, orders: 300))
            let seeded = try await SeededStoreView(of: store, now: Self.now)
            #expect(seeded.pages[.all]?.count == 300)
            seeded.expectSame(as: expected)
            // the provider's books hold the same calls, handed over once, in the seeding's transaction
            #expect(ledger.recorded == sqliteLedger.recorded)
            #expect(!ledger.recorded.isEmpty)
            #expect(ledger.recordings == 1)
            // every invariant holds: the ledger adds up to the stock levels, totals to lines, …
            #expect(try await store.storeProblems(now: Self.now) == [])
            #expect(try await !store.isStoreEmpty())
        }
    }

    @Test("a store placed after the demo store gets the next order id")
    func nextPlacementAfterDemoStore() async throws {
        try await PostgresStoreFixture.withStore { store, client in
            _ = try await store.seedDemoStore(try SeedingFixtures.definition(), now: Self.now)

            try await client.perform(
                """
                INSERT INTO orders (
                    number, placed_at, customer_id, customer_name, customer_email, status, payment_status,
                    fulfillment_status, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, ship_name,
                    ship_line1, ship_city, ship_region, ship_postal_code, ship_country, updated_at)
                SELECT 5000, \(Self.now), 1, 'Ada', 'ada@example.com', 'pending', 'pending', 'unfulfilled', 'USD', 0, 0, 0,
                    0, 'Ada', '1 Road', 'Town', 'Region', '1000', 'US', \(Self.now)
                """,
                logger: PostgresStoreFixture.logger)

            #expect(try await PostgresStoreFixture.count("SELECT id FROM orders WHERE number = 5000", client) == 301)
        }
    }

    @Test("the demo store goes only into an empty database, as on SQLite")
    func demoStoreRefusedTwice() async throws {
        let definition = try SeedingFixtures.definition()
        try await PostgresStoreFixture.withStore { store, client in
            _ = try await store.seedDemoStore(definition, now: Self.now)

            await #expect(
                throws: StoreError.conflict("The database already holds a store; the demo store only goes into an empty one.")
            ) {
                try await store.seedDemoStore(definition, now: Self.now)
            }
            #expect(try await PostgresStoreFixture.count("SELECT count(*) FROM orders", client) == 300)
        }
    }

    @Test("a ledger that cannot await its statements is refused, and nothing is written")
    func synchronousLedgerRefused() async throws {
        let definition = try SeedingFixtures.definition()
        try await PostgresStoreFixture.withStore { (store: PostgresStore) async throws in
            await #expect(throws: (any Error).self) {
                try await store.seedDemoStore(definition, now: Self.now, paymentCallLedger: SynchronousLedger())
            }
            await #expect(throws: (any Error).self) {
                try await store.seedBulkOrders(
                    count: 10, definition: definition, now: Self.now, paymentCallLedger: SynchronousLedger())
            }
            #expect(try await store.isStoreEmpty())
        }
    }

    @Test("bulk orders into an empty store, then more: the orders, numbers and catalog SQLite's seeder gives")
    func bulkAsOnSQLite() async throws {
        let definition = try SeedingFixtures.definition()
        let sqlite = try SQLiteStore.temporary()
        let sqliteLedger = CollectingLedger()
        try await sqlite.seedBulkOrders(
            count: 1_000, definition: definition, now: Self.now, batchSize: 300, paymentCallLedger: sqliteLedger)
        try await sqlite.seedBulkOrders(count: 250, definition: definition, now: Self.now)
        let expected = try await SeededStoreView(of: sqlite, now: Self.now)

        try await PostgresStoreFixture.withStore { store, client in
            let ledger = CollectingLedger()
            var progress: [Int] = []

            try await store.seedBulkOrders(
                count: 1_000, definition: definition, now: Self.now, batchSize: 300, paymentCallLedger: ledger,
                progress: { progress.append($0) })

            #expect(progress == [300, 600, 900, 1_000])
            #expect(try await store.countOrders()[.all] == 1_000)
            let numbers = try await client.values("SELECT number FROM orders ORDER BY number", as: Int.self)
            #expect(numbers == Array(definition.firstOrderNumber..<(definition.firstOrderNumber + 1_000)))
            #expect(ledger.recorded == sqliteLedger.recorded)
            #expect(ledger.recordings == 4)

            // a second run continues the numbers, on the same catalog
            try await store.seedBulkOrders(count: 250, definition: definition, now: Self.now)

            #expect(try await store.countOrders()[.all] == 1_250)
            #expect(try await PostgresStoreFixture.count("SELECT max(number) FROM orders", client)
                == definition.firstOrderNumber + 1_249)
            #expect(try await PostgresStoreFixture.count("SELECT count(*) FROM products", client) == 48)
            #expect(try await PostgresStoreFixture.count("SELECT count(*) FROM customers", client) == 60)
            let seeded = try await SeededStoreView(of: store, now: Self.now)
            seeded.expectSame(as: expected)
            #expect(try await store.storeProblems(now: Self.now) == [])
        }
    }

    @Test("bulk orders into the demo store follow its highest number, as on SQLite")
    func bulkIntoDemoStore() async throws {
        let definition = try SeedingFixtures.definition()
        let sqlite = try SQLiteStore.temporary()
        _ = try await sqlite.seedDemoStore(definition, now: Self.now)
        try await sqlite.seedBulkOrders(count: 400, definition: definition, now: Self.now, batchSize: 150)
        let expected = try await SeededStoreView(of: sqlite, now: Self.now)

        try await PostgresStoreFixture.withStore { store in
            _ = try await store.seedDemoStore(definition, now: Self.now)
            var progress: [Int] = []

            try await store.seedBulkOrders(
                count: 400, definition: definition, now: Self.now, batchSize: 150, paymentCallLedger: nil,
                progress: { progress.append($0) })

            #expect(progress == [150, 300, 400])
            let seeded = try await SeededStoreView(of: store, now: Self.now)
            #expect(seeded.pages[.all]?.count == 700)
            seeded.expectSame(as: expected)
        }
    }
}
