import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Bulk seeding")
    struct BulkSeeding {
        @Test("adds the orders asked for, numbered on from the highest, and reports its progress")
        func intoDemoStore() async throws {
            // given the demo store, whose highest order is #1300
            // when 2,000 orders are seeded into it in batches of 600
            let seeded = try await StoreFixtures.bulkIntoDemoStore.value
            let database = seeded.database
            let highest = try #require(seeded.highestBefore)
            let progress = seeded.progress

            // then
            #expect(highest == 1300)
            #expect(progress == [600, 1_200, 1_800, 2_000])
            await #expect(try database.count("SELECT COUNT(*) FROM orders") == 2_300)
            #expect(try await database.countOrders()[.all] == 2_300)
            let added = try await database.pool.read { db in
                try Int.fetchAll(
                    db, sql: "SELECT number FROM orders WHERE number > ? ORDER BY number", arguments: [highest])
            }
            #expect(added == Array((highest + 1)...(highest + 2_000)))
            // the catalog is the demo store's, not a second one
            await #expect(try database.count("SELECT COUNT(*) FROM products") == 48)
            await #expect(try database.count("SELECT COUNT(*) FROM customers") == 60)
        }

        @Test("bulk orders are within the two years before now and in possible states")
        func bulkOrdersArePlausible() async throws {
            let database = try SQLiteStore.temporary()
            try await database.seedBulkOrders(count: 500, definition: StoreFixtures.definition(), now: StoreFixtures.now)

            let orders = try await database.allOrders()
            #expect(orders.count == 500)
            let twoYearsAgo = StoreFixtures.now.addingTimeInterval(-2 * 365 * 86_400 - 1)
            #expect(orders.allSatisfy { $0.placedAt >= twoYearsAgo && $0.placedAt < StoreFixtures.now })
            let impossible = orders.filter { !$0.state.isPossible }.map(\.number)
            #expect(impossible.isEmpty)
        }

        @Test("into an empty database, seeds the demo catalog first")
        func intoEmptyDatabase() async throws {
            // given an empty database
            // when 2,000 orders are seeded into it, in one batch
            let seeded = try await StoreFixtures.bulkIntoEmptyDatabase.value
            let database = seeded.database
            let definition = try StoreFixtures.definition()

            // then
            #expect(seeded.progress == [2_000])
            await #expect(try database.count("SELECT COUNT(*) FROM products") == 48)
            await #expect(try database.count("SELECT COUNT(*) FROM stock_levels") == 48)
            await #expect(try database.count("SELECT COUNT(*) FROM customers") == 60)
            #expect(try await database.countOrders()[.all] == 2_000)
            let numbers = try await database.pool.read { db in
                try Int.fetchAll(db, sql: "SELECT number FROM orders ORDER BY number")
            }
            #expect(numbers == Array(definition.firstOrderNumber..<(definition.firstOrderNumber + 2_000)))
        }

        @Test("a load into an empty store puts back every index it built later, and the writer's settings")
        func emptyStoreLoadRestoresSchemaAndSettings() async throws {
            let seeded = try await StoreFixtures.bulkIntoEmptyDatabase.value.database
            let fresh = try SQLiteStore.temporary()
            func schema(_ database: SQLiteStore) async throws -> [String] {
                try await database.pool.read { db in
                    try String.fetchAll(db, sql: "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name")
                }
            }

            #expect(try await schema(seeded) == schema(fresh))
            #expect(try await seeded.synchronousSetting() == 2)
            func writerSettings(_ database: SQLiteStore) async throws -> [Int] {
                try await database.pool.writeWithoutTransaction { db in
                    try ["cache_size", "temp_store", "threads"].map { try Int.fetchOne(db, sql: "PRAGMA \($0)") ?? -1 }
                }
            }
            #expect(try await writerSettings(seeded) == writerSettings(fresh))
            #expect(try await seeded.storeProblems(now: StoreFixtures.now) == [])
        }

        @Test("a load into an empty store that fails part-way keeps the batches it committed, with every index back")
        func failedEmptyStoreLoadKeepsCommittedBatches() async throws {
            let database = try SQLiteStore.temporary()
            let indexes = try await database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name")
            }
            try await database.pool.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER fail_in_third_batch BEFORE INSERT ON orders WHEN NEW.number = 2300
                    BEGIN SELECT RAISE(ABORT, 'the disk caught fire'); END
                    """)
            }
            var progress: [Int] = []

            await #expect(throws: DatabaseError.self) {
                try await database.seedBulkOrders(
                    count: 2_000, definition: StoreFixtures.definition(), now: StoreFixtures.now, batchSize: 600
                ) { progress.append($0) }
            }

            #expect(progress == [600, 1_200])
            await #expect(try database.count("SELECT COUNT(*) FROM orders") == 1_200)
            #expect(try await database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name")
            } == indexes)
            #expect(try await database.synchronousSetting() == 2)
            #expect(try await database.storeProblems(now: StoreFixtures.now) == [])
        }

        @Test("an index the migrations create that is missing (a load stopped part-way) is built when the store opens")
        func missingIndexIsBuiltOnOpen() async throws {
            let database = try SQLiteStore.temporary()
            try await database.pool.write { db in
                try db.execute(sql: "DROP INDEX orders_by_status; DROP INDEX inventory_ledger_on_sku")
            }

            let reopened = try SQLiteStore(path: database.path)

            let present = try await reopened.pool.read { db in
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
            }
            #expect(present.isSuperset(of: ["orders_by_status", "inventory_ledger_on_sku"]))
        }

        @Test("asking for no orders adds none and reports no progress")
        func zeroOrders() async throws {
            let database = try await StoreFixtures.demoStore()
            var progress: [Int] = []

            try await database.seedBulkOrders(count: 0, definition: StoreFixtures.definition(), now: StoreFixtures.now) {
                progress.append($0)
            }

            #expect(progress.isEmpty)
            #expect(try await database.countOrders()[.all] == 300)
        }
    }
}
