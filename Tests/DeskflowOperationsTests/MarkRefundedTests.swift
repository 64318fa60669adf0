import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Synchronization
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// "Record refund made another way": a failed refund settled outside the gateway. The danger is paying the
    /// customer back twice, once by hand and once by a retry at the provider.
    @Suite("Recording a refund made another way")
    struct MarkRefunded {
        typealias F = CancelFixtures
        typealias R = ResolutionFixtures

        /// What an operation answered: `succeeded: …`, or the refusal.
        static func answer(_ body: () async throws -> String) async -> String {
            do {
                return "succeeded: \(try await body())"
            } catch {
                return await R.refusal { throw error } ?? ""
            }
        }

        /// A paid order cancelled with a full refund while the provider refused every call: the refund failed, and
        /// the provider did nothing, so either way of settling it is open.
        static func refusedRefund() async throws -> (any DeskflowDatabase, Order, RefundSummary) {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            try await SimulatedOutages(database: database).start(.gateway, mode: .fail, until: F.now.addingTimeInterval(60))
            _ = try await F.cancel(database, order)
            try await SimulatedOutages(database: database).end()
            let refund = try #require(try await F.detail(database, order.number).refunds.first { $0.state == .failed })
            return (database, order, refund)
        }

        static func markRefunded(
            _ database: any DeskflowDatabase, _ number: Int, refund: Int64, version: Int, key: String = UUID().uuidString,
            reference: String = "BT-77"
        ) async throws -> String {
            try await R.payments(database).markRefunded(
                number: number, refundID: refund, version: version, key: key, staff: F.staff, reference: reference)
        }

        @Test("settles the failed refund: refunded in full, the issue cleared, nothing sent to the provider")
        func settles() async throws {
            // given
            let (database, order, refund) = try await Self.refusedRefund()
            let before = try await F.detail(database, order.number)
            let gatewayRows = try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions")

            // when
            let flash = try await Self.markRefunded(database, order.number, refund: refund.id, version: before.order.version)

            // then
            #expect(flash == "Refund recorded as made outside the payment gateway (reference BT-77).")
            let after = try await F.detail(database, order.number)
            #expect(after.refunds.map(\.state) == [.succeeded])
            #expect(after.order.paymentStatus == .refunded)
            #expect(after.order.payment.refunded == order.payment.captured)
            #expect(after.order.payment.refunded <= after.order.payment.captured)
            #expect(after.order.issue == nil)
            #expect(after.order.version == before.order.version + 1)
            #expect(after.events.filter { $0.kind == .refundSucceeded }.count == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == gatewayRows)
        }

        @Test("the same key twice records it once and answers the same; a changed reference under it is refused")
        func sameKeyTwice() async throws {
            // given
            let (database, order, refund) = try await Self.refusedRefund()
            let version = try await F.detail(database, order.number).order.version
            let key = UUID().uuidString

            // when
            let first = try await Self.markRefunded(database, order.number, refund: refund.id, version: version, key: key)
            let second = try await Self.markRefunded(database, order.number, refund: refund.id, version: version, key: key)
            let changed = await R.refusal {
                try await Self.markRefunded(database, order.number, refund: refund.id, version: version, key: key, reference: "OTHER")
            }

            // then
            #expect(second == first)
            #expect(changed == "keyReused")
            let after = try await F.detail(database, order.number)
            #expect(after.order.version == version + 1)
            #expect(after.events.filter { $0.kind == .refundSucceeded }.count == 1)
            #expect(after.order.payment.refunded == order.payment.captured)
        }

        @Test("a refund that has not failed cannot be recorded as made another way")
        func onlyFailedRefunds() async throws {
            // given an order whose refund went through
            let (database, order, detail, refund) = try await F.cancelledWithRefund()
            #expect(refund.state == .succeeded)

            // when
            let refused = await R.refusal {
                try await Self.markRefunded(database, order.number, refund: refund.id, version: detail.order.version)
            }

            // then
            #expect(refused?.hasPrefix("notAllowed") == true, "\(refused ?? "")")
            #expect(try await F.detail(database, order.number) == detail)
        }

        @Test("while a retried refund is at the provider, it cannot also be recorded as made another way")
        func markedWhileRetryIsInFlight() async throws {
            // given a failed refund, retried through a provider that lets another manager act while it works
            let (database, order, refund) = try await Self.refusedRefund()
            let seen = try await F.detail(database, order.number).order.version
            let answers = Mutex<[String]>([])
            let gateway = InterleavingGateway(inner: F.gateway(database), duringRefund: {
                // another manager, on the page as it was, and on the page as it is now
                let fresh = try await F.detail(database, order.number).order.version
                for version in [seen, fresh] {
                    let answer = await Self.answer {
                        try await Self.markRefunded(database, order.number, refund: refund.id, version: version)
                    }
                    answers.withLock { $0.append(answer) }
                }
            })

            // when
            let flash = try await RetryRefund(database: database, gateway: gateway, clock: F.clock, logger: F.logger).run(
                number: order.number, refundID: refund.id, version: seen, idempotencyKey: UUID().uuidString, staff: F.staff)

            // then the retry refunded, and neither attempt to record it another way went through
            #expect(flash.hasPrefix("Refunded"), "\(flash)")
            #expect(answers.withLock { $0 }.allSatisfy { !$0.hasPrefix("succeeded") }, "\(answers.withLock { $0 })")
            let after = try await F.detail(database, order.number)
            #expect(after.refunds.map(\.state) == [.succeeded])
            #expect(try await F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            #expect(after.order.payment.refunded == order.payment.captured)
            #expect(try await Self.refundedOutside(database, order.number) == 0, "paid back at the provider and by hand")
        }

        /// Money recorded as paid back outside the gateway for an order.
        static func refundedOutside(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
            try await F.count(
                database,
                """
                SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r JOIN orders o ON o.id = r.order_id
                WHERE o.number = ? AND r.status = 'succeeded' AND r.gateway_reference LIKE 'external:%'
                """, [number])
        }

        @Test("Retry refund and Record refund made another way at once on one failed refund: the customer is paid back once")
        func raceWithRetry() async throws {
            for round in 0..<10 {
                // given a failed refund that the provider would now carry out
                let (database, order, refund) = try await Self.refusedRefund()
                let version = try await F.detail(database, order.number).order.version

                // when both are sent at once, on the version the manager saw
                async let retried = Self.answer {
                    try await F.retryRefund(database).run(
                        number: order.number, refundID: refund.id, version: version, idempotencyKey: UUID().uuidString,
                        staff: F.staff)
                }
                async let marked = Self.answer {
                    try await Self.markRefunded(database, order.number, refund: refund.id, version: version)
                }
                let answers = await [retried, marked]

                // then exactly one of them went through, and the money went back once
                let applied = answers.filter { $0.hasPrefix("succeeded") }
                #expect(applied.count == 1, "round \(round): \(answers)")
                let after = try await F.detail(database, order.number)
                #expect(after.refunds.filter { $0.state == .succeeded }.count == 1, "round \(round)")
                #expect(after.order.payment.refunded == order.payment.captured, "round \(round)")
                let atGateway = try await F.refundedAtGateway(database, order.number)
                let outside = try await Self.refundedOutside(database, order.number)
                #expect(try await F.checkProblems(database).isEmpty, "round \(round)")
                #expect(atGateway + outside
                    == Int(order.payment.captured.minorUnits), "round \(round): paid back twice or not at all")
            }
        }
    }
}

