import DeskflowDomain
import DeskflowOperations
import Foundation
import GRDB
import Testing

@testable import DeskflowSimulation
import DeskflowStore
@testable import DeskflowStoreSQLite

extension DeskflowSimulationTests {
    /// The provider's ledger checks a refund against what it captured and writes it in one step of its own, so refunds
    /// racing on one order never take back more than was captured, whichever connection they come through.
    @Suite("The ledger under concurrent calls")
    struct LedgerConcurrency {
        typealias F = SimulationFixtures

        static func call(_ key: String, order: Int, minor: Int64) -> GatewayCall {
            GatewayCall(
                idempotencyKey: key, orderNumber: order, amount: Money(minorUnits: minor, currency: .usd), cardLast4: "4242")
        }

        @Test("twenty refunds at once through two connections to one file refund no more than was captured")
        func refundsNeverExceedCapture() async throws {
            // given an order the provider charged 100.00 for, and two handles on its database, as two processes have
            let database = try SQLiteStore.temporary()
            let other = try SQLiteStore(path: database.path)
            let gateways = [
                try await Simulation.setUp(on: database).gateway(clock: .fixed(F.now)),
                try await Simulation.setUp(on: other).gateway(clock: .fixed(F.now)),
            ]
            let order = 990_001
            #expect(try await gateways[0].charge(Self.call("charge-1", order: order, minor: 10_000)).succeeded)

            // when twenty refunds of 10.00 each, under their own keys, race through both handles
            let answers = try await withThrowingTaskGroup(of: GatewayOutcome.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await gateways[index % 2].refund(Self.call("refund-\(index)", order: order, minor: 1_000))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            // then every call got an answer, ten were refunded and ten refused, and the ledger agrees
            #expect(answers.count == 20)
            #expect(answers.filter(\.succeeded).count == 10)
            #expect(answers.filter { $0.failureCode == "amount_too_large" }.count == 10)
            let refunded = try await F.count(
                database,
                "SELECT COALESCE(SUM(amount_minor), 0) FROM gateway_transactions WHERE order_number = \(order) AND kind = 'refund' AND succeeded")
            #expect(refunded == 10_000)
        }
    }
}
