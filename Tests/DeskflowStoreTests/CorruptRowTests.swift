import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// A value the store does not know in a code column (a status, a kind, a role) is not read as some default: reading
    /// the row throws `CorruptRow`, naming the table, the row and the value, in the words `deskflow check` uses.
    @Suite("Reading a damaged row")
    struct CorruptRows {
        static func damaged(_ sql: String, _ arguments: StatementArguments = []) async throws -> SQLiteStore {
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in try db.execute(sql: sql, arguments: arguments) }
            return database
        }

        static func expectCorrupt(
            _ expected: CorruptRow, sourceLocation: SourceLocation = #_sourceLocation, _ read: () async throws -> Void
        ) async {
            do {
                try await read()
                Issue.record("read a damaged row without an error", sourceLocation: sourceLocation)
            } catch let damaged as CorruptRow {
                #expect(damaged == expected, sourceLocation: sourceLocation)
            } catch {
                Issue.record("expected CorruptRow, got \(error)", sourceLocation: sourceLocation)
            }
        }

        @Test("an unknown order status names the order, on its page, in the list and in a search's counts")
        func unknownOrderStatus() async throws {
            let database = try await Self.damaged("UPDATE orders SET status = 'teleported' WHERE number = 1002")
            let orderID = try await database.count("SELECT id FROM orders WHERE number = 1002")
            let expected = CorruptRow(table: "orders", column: "status", value: "teleported", key: "\(orderID)", orderNumber: 1002)

            await Self.expectCorrupt(expected) { _ = try await database.orderDetail(number: 1002) }
            await Self.expectCorrupt(expected) { _ = try await database.allOrders() }
            var grouped = expected
            grouped.key = nil
            await Self.expectCorrupt(grouped) { _ = try await database.countOrders(matching: OrderSearch("1002")!) }
            #expect(expected.description == "order #1002: unknown status 'teleported'")

            // deskflow check reports the same row in the same words
            let problems = try await database.storeProblems(now: StoreFixtures.now)
            #expect(problems.contains(StoreProblem(kind: .corrupt, detail: expected.description)))
        }

        @Test("each code column of an order refuses a value it does not know", arguments: [
            ("payment_status", "shipped"), ("fulfillment_status", "teleported"), ("issue_kind", "gremlins"),
            ("cancel_reason", "whim"), ("currency", "XTS"),
        ])
        func unknownOrderCodes(column: String, value: String) async throws {
            let database = try await Self.damaged("UPDATE orders SET \(column) = ? WHERE number = 1003", [value])
            let orderID = try await database.count("SELECT id FROM orders WHERE number = 1003")

            await Self.expectCorrupt(
                CorruptRow(table: "orders", column: column, value: value, key: "\(orderID)", orderNumber: 1003)
            ) { _ = try await database.orderDetail(number: 1003) }
        }

        @Test("an unknown refund state or event kind names its row and its order")
        func unknownChildRows() async throws {
            let database = try await StoreFixtures.demoStore()
            let (number, refundID, eventID) = try await database.pool.read { db in
                let row = try #require(try Row.fetchOne(db, sql: """
                    SELECT o.number, r.id, (SELECT MIN(e.id) FROM order_events e WHERE e.order_id = o.id)
                    FROM refunds r JOIN orders o ON o.id = r.order_id ORDER BY r.id LIMIT 1
                    """))
                return (row[0] as Int, row[1] as Int64, row[2] as Int64)
            }
            try await database.pool.write { db in
                try db.execute(sql: "UPDATE refunds SET status = 'lost' WHERE id = ?", arguments: [refundID])
            }
            let refund = CorruptRow(table: "refunds", column: "status", value: "lost", key: "\(refundID)", orderNumber: number)
            await Self.expectCorrupt(refund) { _ = try await database.orderDetail(number: number) }
            #expect(refund.description == "refunds row \(refundID) (order #\(number)): unknown status 'lost'")

            try await database.pool.write { db in
                try db.execute(sql: "UPDATE refunds SET status = 'succeeded' WHERE id = ?", arguments: [refundID])
                try db.execute(sql: "UPDATE order_events SET kind = 'order_exploded' WHERE id = ?", arguments: [eventID])
            }
            await Self.expectCorrupt(
                CorruptRow(table: "order_events", column: "kind", value: "order_exploded", key: "\(eventID)", orderNumber: number)
            ) { _ = try await database.orderDetail(number: number) }
        }

        @Test("an unknown staff role, or message state, names its row")
        func unknownOtherCodes() async throws {
            let database = try await StoreFixtures.demoStore()
            let staff = try await database.addStaffUser(
                email: "role@example.com", name: "Role", role: .viewer, passwordHash: "x", now: StoreFixtures.now)
            try await database.pool.write { db in
                try db.execute(sql: "UPDATE staff_users SET role = 'owner' WHERE id = ?", arguments: [staff.id])
            }
            await Self.expectCorrupt(
                CorruptRow(table: "staff_users", column: "role", value: "owner", key: "\(staff.id)", orderNumber: nil)
            ) { _ = try await database.staffUser(id: staff.id) }

            let messageID = try await database.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (kind, recipient, subject, body, state, attempts, created_at)
                    VALUES ('customer_message', 'someone@example.com', 'Hello', 'Hello.', 'lost', 0, '2026-11-01 12:00:00.000')
                    """)
                return db.lastInsertedRowID
            }
            await Self.expectCorrupt(
                CorruptRow(table: "outbox", column: "state", value: "lost", key: "\(messageID)", orderNumber: nil)
            ) { _ = try await database.notification(id: messageID) }
        }
    }
}
