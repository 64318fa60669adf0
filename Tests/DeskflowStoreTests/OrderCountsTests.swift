import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Order counts")
    struct OrderCountsSpec {
        @Test("each filter tab's count is the number of orders listed under it", arguments: OrderFilter.allCases)
        func countMatchesList(filter: OrderFilter) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let listed = try await database.allOrders(filter: filter, limit: 50).count

            #expect(try await database.countOrders()[filter] == listed)
            #expect(listed > 0, "the demo store has no orders under \(filter.value)")
        }

        @Test("all orders are 300, and the failure tabs add up to needs attention")
        func totals() async throws {
            let counts = try await StoreFixtures.sharedDemoStore().countOrders()

            #expect(counts[.all] == 300)
            #expect(OrderStatus.allCases.map { counts[.status($0)] }.reduce(0, +) == 300)
            #expect(IssueKind.allCases.map { counts[.issue($0)] }.reduce(0, +) == counts[.needsAttention])
        }

        @Test("an empty database counts zero everywhere", arguments: OrderFilter.allCases)
        func emptyDatabase(filter: OrderFilter) async throws {
            #expect(try await SQLiteStore.temporary().countOrders()[filter] == 0)
        }

        /// Changes made with SQL, as a later action or a migration would make them.
        static let changes: [(name: String, sql: String)] = [
            ("a pending order is paid", """
                UPDATE orders SET status = 'processing', payment_status = 'paid'
                WHERE number = (SELECT MIN(number) FROM orders WHERE status = 'pending' AND issue_kind IS NULL)
                """),
            ("a failed payment is resolved", """
                UPDATE orders SET issue_kind = NULL, status = 'processing', payment_status = 'paid'
                WHERE number = (SELECT MIN(number) FROM orders WHERE issue_kind = 'payment_failed')
                """),
            ("a fulfillment fails", """
                UPDATE orders SET issue_kind = 'fulfillment_failed', fulfillment_status = 'failed'
                WHERE number = (SELECT MIN(number) FROM orders WHERE status = 'processing' AND issue_kind IS NULL)
                """),
            ("one kind of failure becomes another", """
                UPDATE orders SET issue_kind = 'processing_error'
                WHERE number = (SELECT MIN(number) FROM orders WHERE issue_kind = 'fulfillment_failed')
                """),
            ("a failed order is cancelled and its issue closed", """
                UPDATE orders SET status = 'cancelled', issue_kind = NULL
                WHERE number = (SELECT MIN(number) FROM orders WHERE issue_kind = 'processing_error')
                """),
            ("every cancelled order is reopened at once", """
                UPDATE orders SET status = 'processing' WHERE status = 'cancelled'
                """),
            ("a column the counts do not depend on changes", """
                UPDATE orders SET tracking_number = 'X' WHERE status = 'fulfilled'
                """),
            ("an order with an issue is deleted", """
                DELETE FROM orders WHERE number = (SELECT MAX(number) FROM orders WHERE issue_kind IS NOT NULL)
                """),
            ("an order without an issue is deleted", """
                DELETE FROM orders WHERE number = (SELECT MAX(number) FROM orders WHERE issue_kind IS NULL)
                """),
        ]

        @Test("counts kept by triggers follow changes made directly in SQL", arguments: changes)
        func countsFollowSQLChanges(change: (name: String, sql: String)) async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let before = try await database.countOrders()

            // when
            let changedRows = try await database.pool.write { db in
                try db.execute(sql: change.sql)
                return db.changesCount
            }

            // then
            #expect(changedRows > 0, "the change \"\(change.name)\" touched no order")
            let counts = try await database.countOrders()
            let (byStatus, byIssue) = try await database.pool.read { db in
                (
                    try [String: Int](uniqueKeysWithValues: Row.fetchAll(db, sql: """
                        SELECT status, COUNT(*) AS n FROM orders GROUP BY status
                        """).map { ($0["status"], $0["n"]) }),
                    try [String: Int](uniqueKeysWithValues: Row.fetchAll(db, sql: """
                        SELECT issue_kind, COUNT(*) AS n FROM orders WHERE issue_kind IS NOT NULL GROUP BY issue_kind
                        """).map { ($0["issue_kind"], $0["n"]) })
                )
            }
            for status in OrderStatus.allCases {
                #expect(counts[.status(status)] == byStatus[status.rawValue, default: 0], "\(status.rawValue)")
            }
            for kind in IssueKind.allCases {
                #expect(counts[.issue(kind)] == byIssue[kind.rawValue, default: 0], "\(kind.rawValue)")
            }
            #expect(counts[.all] == byStatus.values.reduce(0, +))
            #expect(counts[.needsAttention] == byIssue.values.reduce(0, +))
            for filter in OrderFilter.allCases {
                #expect(counts[filter] == (try await database.allOrders(filter: filter).count), "\(filter.value)")
            }
            let changedSomeCount = OrderFilter.allCases.contains { before[$0] != counts[$0] }
            let countsShouldMove = !change.name.contains("do not depend")
            #expect(changedSomeCount == countsShouldMove)
        }
    }
}
