import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowSimulation
@testable import DeskflowStoreSQLite

extension DeskflowSimulationTests {
    /// `deskflow check` with the simulation as the payment provider: every payment and refund agrees with the
    /// provider's ledger on a seeded store, and a ledger and payments that disagree are reported, naming the order or key.
    @Suite("Payments against the provider's ledger")
    struct LedgerCheck {
        typealias F = SimulationFixtures

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
                name: "money the provider never took",
                sql: """
                    UPDATE orders SET captured_minor = captured_minor - 1
                    WHERE id = (SELECT MIN(id) FROM orders WHERE payment_status = 'paid' AND captured_minor > 0)
                    """,
                kind: .money, mentions: "the payment provider"),
            Damage(
                name: "a refund the provider never made",
                sql: """
                    DELETE FROM gateway_transactions WHERE idempotency_key = (
                      SELECT MIN(idempotency_key) FROM refunds WHERE status = 'succeeded')
                    """,
                kind: .money, mentions: "but the payment provider never made it"),
            Damage(
                name: "a refund the provider made that Deskflow does not know",
                sql: """
                    INSERT INTO gateway_transactions
                      (idempotency_key, kind, order_number, amount_minor, succeeded, is_final, reference, attempts, created_at)
                    SELECT 'unknown-refund', 'refund', number, 100, 1, 1, 'sim_re_unknown', 1, placed_at FROM orders
                    WHERE payment_status = 'paid' LIMIT 1
                    """,
                kind: .money, mentions: "made a refund under key unknown-refund that Deskflow has no record of"),
            Damage(
                name: "a refund the provider declined that Deskflow shows as made",
                sql: """
                    UPDATE gateway_transactions SET succeeded = 0, reference = NULL WHERE idempotency_key = (
                      SELECT MIN(idempotency_key) FROM refunds WHERE status = 'succeeded')
                    """,
                kind: .money, mentions: "the payment provider says failed, Deskflow says succeeded"),
            Damage(
                name: "a capture taken twice",
                sql: """
                    INSERT INTO gateway_transactions
                      (idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference, attempts, created_at)
                    SELECT idempotency_key || '-again', kind, order_number, amount_minor, card_last4, succeeded, is_final,
                           reference, attempts, created_at
                    FROM gateway_transactions WHERE kind = 'capture' AND succeeded LIMIT 1
                    """,
                kind: .duplicated, mentions: "2 charges adding up to more than its total"),
        ]

        @Test("the demo store as seeded agrees with the provider's ledger, call for call")
        func demoStoreAgrees() async throws {
            let database = try await F.demoTemplate.value
            #expect(try await F.checkProblems(database) == [])
            let calls = try await F.count(database, """
                SELECT (SELECT COUNT(*) FROM payments WHERE kind != 'external') + (SELECT COUNT(*) FROM refunds)
                """)
            #expect(calls > 0)
            #expect(try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == calls)
        }

        @Test("bulk orders seeded into a new database and into the demo store agree with the ledger")
        func bulkOrdersAgree() async throws {
            let database = try SQLiteStore.temporary()
            let simulation = try await Simulation.setUp(on: database)
            try await database.seedBulkOrders(
                count: 1_500, definition: F.definition(), now: F.now, batchSize: 400, paymentCallLedger: simulation.seededPaymentCalls)
            #expect(try await F.checkProblems(database) == [])

            let demo = try await F.demoStore()
            let before = try await F.count(demo, "SELECT COUNT(*) FROM gateway_transactions")
            try await demo.seedBulkOrders(
                count: 700, definition: F.definition(), now: F.now, batchSize: 300,
                paymentCallLedger: Simulation.setUp(on: demo).seededPaymentCalls)
            #expect(try await F.checkProblems(demo) == [])
            #expect(try await F.count(demo, "SELECT COUNT(*) FROM gateway_transactions") > before)
        }

        @Test("seeded without the provider's ledger, the store has Deskflow's side only")
        func seedingWithoutLedger() async throws {
            let database = try SQLiteStore.temporary()
            let simulation = try await Simulation.setUp(on: database)
            _ = try await database.seedDemoStore(F.definition(), now: F.now)
            #expect(try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == 0)
            #expect(try await simulation.ledgerProblems().contains { $0.detail.contains("the payment provider") })
        }

        @Test("each kind of disagreement is reported, naming what is wrong", arguments: damages)
        func damageIsReported(_ damage: Damage) async throws {
            // given a copy of the demo store broken in exactly one way
            let database = try await F.demoStore()
            try await database.pool.write { db in try db.execute(sql: damage.sql) }

            // when
            let problems = try await F.checkProblems(database)

            // then
            #expect(
                problems.contains { $0.kind == damage.kind && $0.detail.contains(damage.mentions) },
                "\(problems.map(\.description))")
        }

        @Test(
            "payments Stripe moved, or taken by hand, are not looked for in the simulator's ledger",
            arguments: ["stripe", "manual"])
        func otherProvidersAreLeftOut(provider: String) async throws {
            // given a captured and partly refunded order whose money another provider moved: the simulator never saw it
            let database = try await F.demoStore()
            try await database.pool.write { db in
                let number = try #require(try Int.fetchOne(db, sql: """
                    SELECT o.number FROM orders o JOIN refunds r ON r.order_id = o.id
                    WHERE r.status = 'succeeded' AND o.captured_minor > 0 ORDER BY o.number LIMIT 1
                    """))
                try db.execute(
                    sql: "UPDATE orders SET payment_provider = ?, payment_reference = ? WHERE number = ?",
                    arguments: [provider, provider == "stripe" ? "pi_3LedgerCheck" : nil, number])
                try db.execute(sql: "DELETE FROM gateway_transactions WHERE order_number = ?", arguments: [number])
            }

            // when
            let problems = try await F.checkProblems(database)

            // then
            #expect(problems.isEmpty, "\(problems.map(\.description))")
        }

        @Test("the store's problems and the ledger's make one report, by kind, each check's in its own order")
        func oneReport() {
            func problem(_ kind: StoreProblem.Kind, _ detail: String) -> StoreProblem { StoreProblem(kind: kind, detail: detail) }
            let store = [problem(.stock, "s1"), problem(.money, "m1"), problem(.money, "m2"), problem(.duplicated, "d1")]
            let ledger = [problem(.money, "l1"), problem(.duplicated, "l2"), problem(.money, "l3")]
            #expect(
                StoreProblem.report(store, ledger).map(\.detail) == ["s1", "m1", "m2", "l1", "l3", "d1", "l2"])
        }
    }
}
