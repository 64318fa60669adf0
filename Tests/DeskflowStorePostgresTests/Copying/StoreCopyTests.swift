import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import DeskflowStoreSQLite
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

/// `deskflow copy`'s engine: an SQLite store, with something of everything in it, moved into an empty PostgreSQL
/// database reads back the same through the store API, and goes on from where it was.
@Suite("Copying an SQLite store into PostgreSQL", .postgresServer)
struct StoreCopyTests {
    typealias F = StoreCopyFixtures

    @Test("the demo store, generated orders and one action of each kind read back the same, and check is clean")
    func readsBackTheSame() async throws {
        let sqlite = try await F.storeWithActions()
        let expected = try await F.fullView(of: sqlite)

        try await PostgresStoreFixture.withStore { store, client in
            let simulation = try await Simulation.setUp(on: store)
            var progress: [CopiedTableCount] = []

            let counts = try await store.copy(from: try sqlite.copySource()) { progress.append($0) }

            #expect(progress == counts)
            #expect(counts.count(where: { $0.rows > 0 }) >= 15, "\(counts)")
            // parents before the tables that refer to them
            let order = counts.map(\.table)
            #expect(try #require(order.firstIndex(of: "customers")) < #require(order.firstIndex(of: "orders")))
            #expect(try #require(order.firstIndex(of: "orders")) < #require(order.firstIndex(of: "order_events")))
            #expect(try #require(order.firstIndex(of: "api_tokens")) < #require(order.firstIndex(of: "api_requests")))
            let copied = try await F.fullView(of: store)
            copied.expectSame(as: expected)
            #expect(try await store.storeProblems(now: F.now) == [])
            #expect(try await simulation.ledgerProblems() == [])
            // every row, table by table
            for count in counts {
                #expect(
                    try await PostgresStoreFixture.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(count.table)"), client)
                        == count.rows, "\(count.table)")
            }
        }
    }

    @Test("after the copy the next order, staff member and token get the ids and number SQLite would give")
    func goesOnFromWhereItWas() async throws {
        let sqlite = try await F.storeWithActions()
        try await PostgresStoreFixture.withStore { store in
            let simulation = try await Simulation.setUp(on: store)
            _ = try await store.copy(from: try sqlite.copySource()) { _ in }

            let onSQLite = try await F.writeAfterCopy(sqlite, simulation: try await Simulation.setUp(on: sqlite))
            let onPostgres = try await F.writeAfterCopy(store, simulation: simulation)

            #expect(onPostgres == onSQLite)
            let copied = try await F.fullView(of: store)
            copied.expectSame(as: try await F.fullView(of: sqlite))
        }
    }

    @Test("a target that holds a row is refused, naming its table, and nothing is written")
    func nonEmptyTargetRefused() async throws {
        let sqlite = try await F.storeWithActions()
        try await PostgresStoreFixture.withStore { store, client in
            _ = try await Simulation.setUp(on: store)
            _ = try await store.addStaffUser(
                email: "first@example.com", name: "First", role: .manager, passwordHash: "hash", now: F.now)

            await #expect(throws: StoreCopyError.targetNotEmpty(table: "staff_users")) {
                _ = try await store.copy(from: try sqlite.copySource()) { _ in }
            }
            #expect(try await PostgresStoreFixture.count("SELECT count(*) FROM orders", client) == 0)
            #expect(try await PostgresStoreFixture.count("SELECT count(*) FROM staff_users", client) == 1)
        }
    }

    @Test("a row the target refuses part-way stops the copy and leaves every table empty")
    func failurePartWayLeavesTargetEmpty() async throws {
        let sqlite = try await F.storeWithActions()
        // A refund of an order that is not there: SQLite's foreign keys are checked only where they are switched on,
        // PostgreSQL's always. refunds goes in after the orders, payments and products.
        try F.execute(
            sqlite,
            """
            INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at)
            VALUES (999999, 100, 'succeeded', 'orphan-refund', 'Maria Manager', '2026-11-18 10:00:00.000')
            """)
        try await PostgresStoreFixture.withStore { store, client in
            _ = try await Simulation.setUp(on: store)
            var progress: [CopiedTableCount] = []

            await #expect(throws: (any Error).self) {
                _ = try await store.copy(from: try sqlite.copySource()) { progress.append($0) }
            }

            #expect(progress.contains { $0.table == "orders" && $0.rows > 0 }, "the orders went in before the failure")
            #expect(!progress.contains { $0.table == "refunds" })
            for table in progress.map(\.table) + ["refunds"] {
                #expect(
                    try await PostgresStoreFixture.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), client) == 0,
                    "\(table)")
            }
            #expect(try await store.countOrders()[.all] == 0)
            #expect(try await store.isStoreEmpty())
        }
    }

    @Test("a value not of its column's declared type is refused in one line naming the table and column")
    func valueOfWrongTypeRefused() async throws {
        let sqlite = try await F.storeWithActions()
        try F.execute(sqlite, "UPDATE products SET price_minor = 'twelve' WHERE sku = (SELECT min(sku) FROM products)")
        try await PostgresStoreFixture.withStore { store in
            _ = try await Simulation.setUp(on: store)

            await #expect(
                throws: StoreCopyError.valueNotOfType(table: "products", column: "price_minor", value: "text", type: "INTEGER")
            ) {
                _ = try await store.copy(from: try sqlite.copySource()) { _ in }
            }
            #expect(try await store.isStoreEmpty())
        }
    }

    @Test("a source read as one snapshot: rows written after it was opened are not copied")
    func sourceIsOneSnapshot() async throws {
        let sqlite = try await F.storeWithActions()
        let source = try sqlite.copySource()
        let before = try await sqlite.staffUserCount()
        _ = try await sqlite.addStaffUser(email: "later@example.com", name: "Later", role: .manager, passwordHash: "h", now: F.now)

        try await PostgresStoreFixture.withStore { store in
            _ = try await Simulation.setUp(on: store)
            let counts = try await store.copy(from: source) { _ in }

            #expect(counts.first { $0.table == "staff_users" }?.rows == before)
            #expect(try await store.staffUserCount() == before)
        }
    }

    @Test("a schema lacking a table of the source is refused before anything is written")
    func differentTablesRefused() async throws {
        let sqlite = try await F.storeWithActions()
        try await PostgresStoreFixture.withStore { (store: PostgresStore) async throws in
            // no simulation set up on the target: it has no gateway_transactions nor simulated_outages
            await #expect(
                throws: StoreCopyError.tablesDiffer(
                    onlyInSource: ["gateway_transactions", "simulated_outages"], onlyInTarget: [])
            ) {
                _ = try await store.copy(from: try sqlite.copySource()) { _ in }
            }
            #expect(try await store.isStoreEmpty())
        }
    }
}
