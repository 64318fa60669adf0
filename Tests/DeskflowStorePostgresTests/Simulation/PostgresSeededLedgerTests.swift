import DeskflowOperations
import DeskflowSimulation
@_spi(SharedDatabase) import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// The simulation's ledger for seeding and storefront placement writes on PostgreSQL inside the store's transaction:
/// its rows commit with the store's, or not at all.
@Suite("PostgreSQL: the provider's ledger written in the store's transaction", .postgresServer)
struct PostgresSeededLedgerTests {
    typealias F = PostgresSimulationFixture

    struct RolledBack: Error {}

    static func calls(_ count: Int) -> [SeededPaymentCall] {
        (0..<count).map { index in
            SeededPaymentCall(
                idempotencyKey: "seed-\(index)", kind: index.isMultiple(of: 2) ? "charge" : "refund", orderNumber: 1001 + index / 2,
                amountMinor: Int64(100 + index), cardLast4: index.isMultiple(of: 3) ? nil : "4242",
                succeeded: !index.isMultiple(of: 5), reference: index.isMultiple(of: 5) ? nil : "sim_\(index)",
                failureCode: index.isMultiple(of: 5) ? "card_declined" : nil,
                failureMessage: index.isMultiple(of: 5) ? "The card was declined by the issuing bank." : nil,
                createdAt: F.now.addingTimeInterval(Double(index) + 0.0004))
        }
    }

    @Test("the simulation's ledger records awaiting, in chunks, every column as given, and rolls back with the store")
    func recordsInTheTransaction() async throws {
        try await F.withSimulation { simulation, _, client in
            let ledger = try #require(simulation.seededPaymentCalls as? any AwaitingPaymentCallLedger)
            let calls = Self.calls(150)

            await #expect(throws: RolledBack.self) {
                try await client.withRetryingTransaction(logger: F.logger) { connection in
                    try await ledger.record(calls, awaitingIn: SharedTransaction(connection: connection))
                    throw RolledBack()
                }
            }
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 0)

            try await client.withRetryingTransaction(logger: F.logger) { connection in
                try await ledger.record(calls, awaitingIn: SharedTransaction(connection: connection))
            }
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 150)
            let rows = try await client.query(
                """
                SELECT idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference,
                  failure_code, failure_message, attempts, created_at
                FROM gateway_transactions ORDER BY created_at
                """,
                logger: F.logger)
            var stored: [SeededPaymentCall] = []
            for try await row in rows.decode(
                (String, String, Int, Int64, String?, Bool, Bool, String?, String?, String?, Int, Date).self)
            {
                #expect(row.6 && row.10 == 1)
                stored.append(SeededPaymentCall(
                    idempotencyKey: row.0, kind: row.1, orderNumber: row.2, amountMinor: row.3, cardLast4: row.4,
                    succeeded: row.5, reference: row.7, failureCode: row.8, failureMessage: row.9, createdAt: row.11))
            }
            #expect(stored.map(\.idempotencyKey) == calls.map(\.idempotencyKey))
            #expect(stored.map(\.failureMessage) == calls.map(\.failureMessage))
            #expect(stored.map(\.cardLast4) == calls.map(\.cardLast4))
            // kept to the millisecond, as SQLite keeps them
            #expect(stored.map(\.createdAt) == calls.map { $0.createdAt.stored.date })
        }
    }
}
