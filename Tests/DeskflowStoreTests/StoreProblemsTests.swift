import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// `deskflow check`: each invariant holds on the demo store and fails, naming what is wrong, on a database
    /// broken in exactly that way. (Payments against the simulated provider's ledger are checked beside the simulation:
    /// `DeskflowSimulationTests`.)
    @Suite("Checking the store's invariants")
    struct StoreProblems {
        /// A way to break a copy of the demo store, and what the check must then say.
        struct Damage: Sendable, CustomTestStringConvertible {
            var name: String
            var sql: String
            var kind: StoreProblem.Kind
            var mentions: String

            var testDescription: String { name }
        }

        static let damages: [Damage] = [
            Damage(
                name: "an unknown status", sql: "UPDATE orders SET payment_status = 'shipped' WHERE number = 1001",
                kind: .corrupt, mentions: "order #1001: unknown payment_status 'shipped'"),
            Damage(
                name: "stock that disagrees with its ledger",
                sql: "UPDATE stock_levels SET on_hand = on_hand + 1 WHERE sku = (SELECT MIN(sku) FROM stock_levels)",
                kind: .stock, mentions: "but its ledger sums to"),
            Damage(
                name: "a refund over its capture",
                sql: """
                    UPDATE refunds SET amount_minor = (SELECT captured_minor + 1 FROM orders WHERE orders.id = refunds.order_id)
                    WHERE id = (SELECT MIN(id) FROM refunds WHERE status = 'succeeded')
                    """,
                kind: .money, mentions: "captured"),
            Damage(
                name: "a refund pending for an hour",
                sql: """
                    INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at)
                    SELECT id, 100, 'pending', 'stuck-refund', 'Test', datetime(\(Int(StoreFixtures.now.timeIntervalSince1970)) - 3600, 'unixepoch')
                    FROM orders WHERE payment_status = 'paid' LIMIT 1
                    """,
                kind: .pending, mentions: "refund stuck-refund pending since"),
            Damage(
                name: "a kept count off by one", sql: "UPDATE order_counts SET count = count + 1 WHERE bucket = 'status:processing'",
                kind: .counts, mentions: "orders counted under status:processing"),
            Damage(
                name: "an order cancelled twice",
                sql: """
                    INSERT INTO order_events (order_id, kind, actor, summary, amount_minor, created_at)
                    SELECT order_id, kind, actor, summary, amount_minor, created_at FROM order_events
                    WHERE kind = 'order_cancelled' LIMIT 1
                    """,
                kind: .duplicated, mentions: "2 “order cancelled” events"),
            Damage(
                name: "a cancellation emailed twice",
                sql: """
                    INSERT INTO outbox (order_id, kind, recipient, subject, body, state, attempts, created_at)
                    SELECT o.id, 'order_cancelled', o.customer_email, 'Your order was cancelled', 'Sorry.', 'sent', 1, o.updated_at
                    FROM orders o, (SELECT 1 UNION ALL SELECT 2)
                    WHERE o.id = (SELECT MIN(id) FROM orders WHERE status = 'cancelled')
                    """,
                kind: .duplicated, mentions: "2 cancellation emails"),
        ]

        @Test("the demo store as seeded holds every invariant")
        func demoStoreHolds() async throws {
            let problems = try await StoreFixtures.sharedDemoStore().storeProblems(now: StoreFixtures.now)
            #expect(problems == [], "\(problems)")
        }

        @Test("an empty store holds every invariant")
        func emptyStoreHolds() async throws {
            #expect(try await SQLiteStore.temporary().storeProblems(now: StoreFixtures.now) == [])
        }

        @Test("each kind of damage is reported, naming what is wrong", arguments: damages)
        func damageIsReported(_ damage: Damage) async throws {
            // given a copy of the demo store broken in exactly one way
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in try db.execute(sql: damage.sql) }

            // when
            let problems = try await database.storeProblems(now: StoreFixtures.now)

            // then
            #expect(
                problems.contains { $0.kind == damage.kind && $0.detail.contains(damage.mentions) },
                "\(problems.map(\.description))")
        }
    }
}
