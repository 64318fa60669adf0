import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Inventory ledger")
    struct InventoryLedger {
        struct Mismatch: CustomStringConvertible {
            var sku: String
            var onHand: Int
            var ledgerOnHand: Int
            var committed: Int
            var ledgerCommitted: Int

            var description: String {
                "\(sku): on hand \(onHand) vs ledger \(ledgerOnHand), "
                    + "committed \(committed) vs ledger \(ledgerCommitted)"
            }
        }

        /// Products whose stock level is not what their ledger rows add up to.
        static func mismatches(in database: SQLiteStore) async throws -> (checked: Int, mismatches: [Mismatch]) {
            try await database.pool.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT s.sku, s.on_hand, s.committed,
                           COALESCE(SUM(l.on_hand_change), 0) AS ledger_on_hand,
                           COALESCE(SUM(l.committed_change), 0) AS ledger_committed
                    FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku
                    GROUP BY s.sku ORDER BY s.sku
                    """)
                let mismatches = rows.map { row in
                    Mismatch(
                        sku: row["sku"],
                        onHand: row["on_hand"], ledgerOnHand: row["ledger_on_hand"],
                        committed: row["committed"], ledgerCommitted: row["ledger_committed"])
                }.filter { $0.onHand != $0.ledgerOnHand || $0.committed != $0.ledgerCommitted }
                return (rows.count, mismatches)
            }
        }

        @Test("every product's stock level is the sum of its ledger rows in the demo store")
        func demoStoreLedgerAddsUp() async throws {
            let result = try await Self.mismatches(in: StoreFixtures.sharedDemoStore())
            #expect(result.checked == 48)
            #expect(result.mismatches.isEmpty, "\(result.mismatches)")
        }

        @Test("the ledger names only products that have a stock level")
        func ledgerOnlyNamesStockedProducts() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            await #expect(try database.count("""
                SELECT COUNT(*) FROM inventory_ledger WHERE sku NOT IN (SELECT sku FROM stock_levels)
                """) == 0)
        }

        @Test("units are held for open orders only, and stock on hand never goes below zero")
        func committedMatchesOpenOrders() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let openUnits = try await database.count("""
                SELECT COALESCE(SUM(li.quantity), 0) FROM line_items li JOIN orders o ON o.id = li.order_id
                WHERE o.status IN ('pending', 'processing')
                """)
            #expect(openUnits > 0)
            #expect(try await database.count("SELECT SUM(committed) FROM stock_levels") == openUnits)
            #expect(try await database.count("SELECT COUNT(*) FROM stock_levels WHERE on_hand < 0 OR committed < 0") == 0)
        }

        @Test("the ledger still adds up after 2,000 bulk orders are added to the demo store")
        func bulkOrdersKeepLedgerAddingUp() async throws {
            // given the demo store, with 2,000 bulk orders added
            let database = try await StoreFixtures.bulkIntoDemoStore.value.database

            // then
            let result = try await Self.mismatches(in: database)
            #expect(result.checked == 48)
            #expect(result.mismatches.isEmpty, "\(result.mismatches)")
        }

        @Test("the ledger adds up when bulk orders are seeded into an empty database")
        func bulkOrdersIntoEmptyDatabaseKeepLedgerAddingUp() async throws {
            // given an empty database, with 2,000 bulk orders seeded into it
            let database = try await StoreFixtures.bulkIntoEmptyDatabase.value.database

            // then
            let result = try await Self.mismatches(in: database)
            #expect(result.checked == 48)
            #expect(result.mismatches.count == 0, "first: \(result.mismatches.prefix(3))")
        }
    }
}
