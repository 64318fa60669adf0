import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// The simulated payment provider on PostgreSQL answers as it does on SQLite: its ledger is the truth, a repeated key
/// replays the first final answer, test cards fail on purpose, and refunds never exceed what was captured.
@Suite("PostgreSQL: the simulated payment provider", .postgresServer)
struct PostgresSimulatedGatewayTests {
    typealias F = PostgresSimulationFixture
    typealias Card = SimulatedGateway.TestCard

    @Test("set up twice, the simulation's migrations are applied once and its tables are there")
    func setUpTwice() async throws {
        try await PostgresStoreFixture.withStore { store, client in
            _ = try await Simulation.setUp(on: store)
            _ = try await Simulation.setUp(on: store)
            let applied = try await PostgresMigrator.appliedNames(client, logger: F.logger).filter { $0.hasPrefix("simulation-") }
            #expect(applied == ["simulation-v1-gateway-ledger", "simulation-v1-outages"])
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 0)
            #expect(try await F.count("SELECT COUNT(*) FROM simulated_outages", client) == 0)
        }
    }

    @Test("a charge succeeds and is kept; a repeat of its key replays the answer without a second row")
    func chargeAndReplay() async throws {
        try await F.withSimulation { simulation, _, client in
            let gateway = simulation.gateway(clock: F.clock)
            let first = try await gateway.charge(F.call("charge-1", minor: 2_500))
            #expect(first.succeeded)
            #expect(first.reference == "sim_ch_charge1")
            let again = try await gateway.charge(F.call("charge-1", minor: 2_500))
            #expect(again == first)
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 1)
            let row = try #require(try await F.ledgerRow("charge-1", client))
            #expect(row.succeeded && row.isFinal && row.attempts == 1)
        }
    }

    @Test(
        "test cards decline charges, each with its own reason, and the decline is replayed for the key",
        arguments: [(Card.declined, "card_declined"), (Card.insufficientFunds, "insufficient_funds"), (Card.expired, "expired_card")])
    func declines(card: String, code: String) async throws {
        try await F.withSimulation { simulation, _, client in
            let gateway = simulation.gateway(clock: F.clock)
            let outcome = try await gateway.charge(F.call("charge-\(card)", minor: 2_500, card: card))
            #expect(!outcome.succeeded && outcome.failureCode == code && !outcome.isTransient)
            #expect(try await gateway.charge(F.call("charge-\(card)", minor: 2_500, card: card)) == outcome)
            let row = try #require(try await F.ledgerRow("charge-\(card)", client))
            #expect(!row.succeeded && row.isFinal)
        }
    }

    @Test("the flaky card times out at its first attempt; the retry under the same key goes through")
    func flakyCard() async throws {
        try await F.withSimulation { simulation, _, client in
            let gateway = simulation.gateway(clock: F.clock)
            let first = try await gateway.charge(F.call("charge-flaky", minor: 2_500, card: Card.flaky))
            #expect(!first.succeeded && first.isTransient && first.failureCode == OrderIssue.noAnswerCode)
            let retry = try await gateway.charge(F.call("charge-flaky", minor: 2_500, card: Card.flaky))
            #expect(retry.succeeded && !retry.isTransient)
            let row = try #require(try await F.ledgerRow("charge-flaky", client))
            #expect(row.succeeded && row.isFinal && row.attempts == 2)
        }
    }

    @Test("refunds up to what was captured go through; more is refused; a closed card account declines them")
    func refunds() async throws {
        try await F.withSimulation { simulation, _, _ in
            let gateway = simulation.gateway(clock: F.clock)
            #expect(try await gateway.charge(F.call("charge", minor: 5_000)).succeeded)
            #expect(try await gateway.refund(F.call("refund-1", minor: 3_000)).succeeded)
            let tooMuch = try await gateway.refund(F.call("refund-2", minor: 2_001))
            #expect(tooMuch.failureCode == "amount_too_large")
            #expect(tooMuch.failureMessage == "The refund is more than the $20.00 left to refund.")
            #expect(try await gateway.refund(F.call("refund-3", minor: 2_000)).succeeded)
            #expect(try await gateway.refund(F.call("refund-0", minor: 0)).failureCode == "invalid_amount")
            let declined = try await gateway.refund(F.call("refund-4", order: 990_002, minor: 100, card: Card.refundDeclined))
            #expect(declined.failureCode == "refund_declined")
        }
    }

    @Test("a capture takes no more than was authorized; a void needs an open authorization")
    func captureAndVoid() async throws {
        try await F.withSimulation { simulation, _, client in
            let gateway = simulation.gateway(clock: F.clock)
            try await client.perform(
                """
                INSERT INTO gateway_transactions
                  (idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference, attempts, created_at)
                VALUES ('auth-1', 'authorization', 990001, 4000, '4242', TRUE, TRUE, 'sim_auth_1', 1, \(F.now))
                """,
                logger: F.logger)
            #expect(try await gateway.capture(F.call("capture-big", minor: 4_001)).failureCode == "amount_too_large")
            #expect(try await gateway.capture(F.call("capture-1", minor: 4_000)).reference == "sim_cap_capture1")
            #expect(try await gateway.void(F.call("void-1", minor: 0)).failureCode == "nothing_to_void")
            #expect(try await gateway.void(F.call("void-2", order: 990_002, minor: 0)).failureCode == "nothing_to_void")
        }
    }

    @Test("twenty refunds at once through two instances refund no more than was captured")
    func refundsRaceAcrossInstances() async throws {
        try await F.withTwoInstances { first, second, client in
            let gateways = [first.gateway(clock: F.clock), second.gateway(clock: F.clock)]
            #expect(try await gateways[0].charge(F.call("charge-1", minor: 10_000)).succeeded)

            let answers = try await withThrowingTaskGroup(of: GatewayOutcome.self) { group in
                for index in 0..<20 {
                    group.addTask { try await gateways[index % 2].refund(F.call("refund-\(index)", minor: 1_000)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(answers.count == 20)
            #expect(answers.filter(\.succeeded).count == 10)
            #expect(answers.filter { $0.failureCode == "amount_too_large" }.count == 10)
            #expect(try await F.count(
                "SELECT COALESCE(SUM(amount_minor), 0)::bigint FROM gateway_transactions WHERE kind = 'refund' AND succeeded",
                client) == 10_000)
        }
    }

    @Test("one key charged at once through two instances: one ledger row, one answer for every caller")
    func sameKeyAcrossInstances() async throws {
        try await F.withTwoInstances { first, second, client in
            let gateways = [first.gateway(clock: F.clock), second.gateway(clock: F.clock)]
            // The flaky card makes the first attempt's answer differ from every later one's: were two callers to
            // decide at once, both would see no row, both would time out, and the row would show one attempt.
            let answers = try await withThrowingTaskGroup(of: GatewayOutcome.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await gateways[index % 2].charge(F.call("charge-same", minor: 2_500, card: Card.flaky))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(answers.filter(\.isTransient).count == 1)
            #expect(Set(answers.filter { !$0.isTransient }).count == 1)
            #expect(answers.filter(\.succeeded).count == 9)
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 1)
            let row = try #require(try await F.ledgerRow("charge-same", client))
            #expect(row.succeeded && row.isFinal && row.attempts == 2)
        }
    }
}
