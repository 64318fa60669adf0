import DeskflowDomain
import Foundation
import Testing

@testable import DeskflowStore

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
            let database = try AppDatabase.temporary()
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
