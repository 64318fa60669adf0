import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import DeskflowStoreSQLite

/// `deskflow check`'s payments-against-the-ledger on PostgreSQL reports what it reports on SQLite: the same rows,
/// written into both engines and damaged alike, give the same problems, word for word and in the same order.
@Suite("PostgreSQL: payments against the provider's ledger", .postgresServer)
struct PostgresLedgerProblemsTests {
    typealias F = PostgresSimulationFixture

    /// Two paid orders, the second partly refunded, and the provider's record of every call: books that agree. Plain
    /// SQL both engines read alike.
    static let books = [
        "INSERT INTO customers (id, name, email, created_at) VALUES (1, 'Ada Lovelace', 'ada@example.com', '2026-11-18 10:00:00.000')",
    ] + [1001, 1002].map { number in
        """
        INSERT INTO orders (
            id, number, placed_at, customer_id, customer_name, customer_email, status, payment_status, fulfillment_status,
            currency, subtotal_minor, shipping_minor, tax_minor, total_minor, payment_brand, payment_last4,
            authorized_minor, captured_minor, ship_name, ship_line1, ship_city, ship_region, ship_postal_code,
            ship_country, updated_at)
        VALUES (
            \(number - 1000), \(number), '2026-11-18 10:00:00.000', 1, 'Ada Lovelace', 'ada@example.com', 'processing',
            'paid', 'unfulfilled', 'USD', 2500, 0, 0, 2500, 'visa', '4242', 2500, 2500, 'Ada Lovelace', '1 Road', 'Town',
            'OR', '97201', 'US', '2026-11-18 10:00:00.000')
        """
    } + [
        """
        INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, created_at, completed_at)
        VALUES (1, 'charge', 2500, 'succeeded', 'seed-charge-1001', '2026-11-18 10:00:00.000', '2026-11-18 10:00:00.000'),
               (2, 'charge', 2500, 'succeeded', 'seed-charge-1002', '2026-11-18 10:00:00.000', '2026-11-18 10:00:00.000')
        """,
        """
        INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, gateway_reference, requested_by, created_at, completed_at)
        VALUES (2, 1000, 'succeeded', 'seed-refund-1002', 'sim_re_seedrefund100', 'Maria Manager',
                '2026-11-18 11:00:00.000', '2026-11-18 11:00:00.000')
        """,
        """
        INSERT INTO gateway_transactions
          (idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference, attempts, created_at)
        VALUES ('seed-charge-1001', 'charge', 1001, 2500, '4242', TRUE, TRUE, 'sim_ch_seedcharge100', 1, '2026-11-18 10:00:00.000'),
               ('seed-charge-1002', 'charge', 1002, 2500, '4242', TRUE, TRUE, 'sim_ch_seedcharge100', 1, '2026-11-18 10:00:00.000'),
               ('seed-refund-1002', 'refund', 1002, 1000, '4242', TRUE, TRUE, 'sim_re_seedrefund100', 1, '2026-11-18 11:00:00.000')
        """,
    ]

    /// The damages of the SQLite suite (`LedgerCheckTests`), on these books.
    static let damages: [(name: String, sql: String, kind: StoreProblem.Kind, mentions: String)] = [
        ("money the provider never took", "UPDATE orders SET captured_minor = captured_minor - 1 WHERE number = 1001",
         .money, "order #1001: Deskflow shows 2499 captured, the payment provider 2500"),
        ("a refund the provider never made", "DELETE FROM gateway_transactions WHERE idempotency_key = 'seed-refund-1002'",
         .money, "order #1002: refund seed-refund-1002 is recorded as made, but the payment provider never made it"),
        ("a refund the provider made that Deskflow does not know",
         """
         INSERT INTO gateway_transactions
           (idempotency_key, kind, order_number, amount_minor, succeeded, is_final, reference, attempts, created_at)
         VALUES ('unknown-refund', 'refund', 1002, 100, TRUE, TRUE, 'sim_re_unknown', 1, '2026-11-18 12:00:00.000')
         """,
         .money, "the payment provider made a refund under key unknown-refund that Deskflow has no record of"),
        ("a refund the provider declined that Deskflow shows as made",
         "UPDATE gateway_transactions SET succeeded = FALSE, reference = NULL WHERE idempotency_key = 'seed-refund-1002'",
         .money, "refund seed-refund-1002: the payment provider says failed, Deskflow says succeeded"),
        ("a charge taken twice",
         """
         INSERT INTO gateway_transactions
           (idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference, attempts, created_at)
         SELECT idempotency_key || '-again', kind, order_number, amount_minor, card_last4, succeeded, is_final,
                reference, attempts, created_at
         FROM gateway_transactions WHERE idempotency_key = 'seed-charge-1001'
         """,
         .duplicated, "order #1001: 2 charges adding up to more than its total"),
    ]

    /// What the check reports on each engine, for the books with `damage` done to them.
    static func problems(after damage: [String]) async throws -> (sqlite: [StoreProblem], postgres: [StoreProblem]) {
        let database = try SQLiteStore.temporary()
        let sqlite = try await Simulation.setUp(on: database)
        try await database.pool.write { db in
            for statement in books + damage { try db.execute(sql: statement) }
        }
        let postgres = try await F.withSimulation { simulation, _, client in
            for statement in books + damage { try await client.perform(PostgresQuery(unsafeSQL: statement), logger: F.logger) }
            return try await simulation.ledgerProblems()
        }
        return (try await sqlite.ledgerProblems(), postgres)
    }

    @Test("books that agree have no problems on either engine")
    func agreeingBooks() async throws {
        let problems = try await Self.problems(after: [])
        #expect(problems.sqlite == [])
        #expect(problems.postgres == [])
    }

    @Test("each kind of disagreement is reported as on SQLite, naming what is wrong", arguments: 0..<damages.count)
    func damageIsReported(_ index: Int) async throws {
        let damage = Self.damages[index]
        let problems = try await Self.problems(after: [damage.sql])
        #expect(
            problems.postgres.contains { $0.kind == damage.kind && $0.detail == damage.mentions },
            "\(damage.name): \(problems.postgres.map(\.description))")
        #expect(problems.postgres == problems.sqlite, "\(damage.name)")
    }

    @Test("every damage at once: the same report, in the same order")
    func allDamages() async throws {
        let problems = try await Self.problems(after: Self.damages.map(\.sql))
        #expect(problems.postgres.count >= Self.damages.count)
        #expect(problems.postgres == problems.sqlite)
    }
}
