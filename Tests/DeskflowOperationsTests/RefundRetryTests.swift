import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// Retry refund: the failed refund goes to the provider again under its original key, so no money moves twice.
    @Suite("Retrying a failed refund")
    struct RefundRetry {
        typealias F = CancelFixtures

        /// A paid order on `card`, cancelled with a full refund: the order as it was, the cancel key and the flash.
        static func cancelled(card: String) async throws -> (any DeskflowDatabase, Order, String, String) {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            try await F.setCard(database, order.number, last4: card)
            let key = UUID().uuidString
            let flash = try await F.cancel(database, order, key: key)
            return (database, order, key, flash)
        }

        static func retry(_ database: any DeskflowDatabase, _ number: Int, key: String = UUID().uuidString) async throws
            -> String
        {
            let detail = try await F.detail(database, number)
            let refund = try #require(detail.refunds.first { $0.state == .failed })
            return try await F.retryRefund(database).run(
                number: number, refundID: refund.id, version: detail.order.version, idempotencyKey: key, staff: F.staff)
        }

        @Test("a refund the issuer declined fails again on retry: the provider replays its answer and no money moves")
        func declinedAgain() async throws {
            // given an order cancelled on the card whose refunds are declined
            let (database, order, key, _) = try await Self.cancelled(card: SimulatedGateway.TestCard.refundDeclined)
            let refundKey = "cancel-\(key)"
            let ledgerBefore = try await #require(try F.gatewayRow(database, key: refundKey))

            // when
            let flash = try await Self.retry(database, order.number)

            // then
            #expect(
                flash == "The refund of \(order.payment.captured.formatted) failed again: "
                    + "The issuer declined the refund: the card account is closed.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.issue?.kind == .refundFailed)
            #expect(detail.order.issue?.attempts == 2)
            #expect(detail.refunds.map(\.state) == [.failed])
            await #expect(try F.refundedAtGateway(database, order.number) == 0)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'",
                    [order.number]) == 1)
            await #expect(try F.gatewayRow(database, key: refundKey) == ledgerBefore)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM refunds WHERE order_id = ? AND idempotency_key = ?",
                    [order.id, refundKey]) == 1)
        }

        @Test("a refund that timed out goes through on retry under the same key, and the issue clears")
        func flakyThenSucceeds() async throws {
            // given an order cancelled on the card whose first attempt under each key times out
            let (database, order, key, flash) = try await Self.cancelled(card: SimulatedGateway.TestCard.flaky)
            let refundKey = "cancel-\(key)"
            #expect(
                flash == "Order #\(order.number) cancelled. The refund of \(order.payment.captured.formatted) failed: "
                    + "The payment provider did not answer in time. Try again. Retry it from the order’s menu. Customer notified."
            )
            let failed = try await F.detail(database, order.number)
            #expect(failed.order.issue?.kind == .refundFailed)
            #expect(failed.order.issue?.code == "gateway_timeout")

            // when
            let retried = try await Self.retry(database, order.number)

            // then
            #expect(
                retried == "Refunded \(order.payment.captured.formatted) to \(order.payment.method!.brand) •••• 0119.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.issue == nil)
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            await #expect(try F.count(database, "SELECT COUNT(*) FROM refunds WHERE order_id = ?", [order.id]) == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM refunds WHERE idempotency_key = ?", [refundKey]) == 1)
            let ledger = try await #require(try F.gatewayRow(database, key: refundKey))
            #expect(ledger["succeeded"] as Bool == true)
            #expect(ledger["attempts"] as Int == 2)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'",
                    [order.number]) == 1)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
        }

        @Test("the same retry sent twice is answered with the first result, and the provider is not asked again")
        func retryReplayed() async throws {
            // given a retry that went through
            let (database, order, key, _) = try await Self.cancelled(card: SimulatedGateway.TestCard.flaky)
            let retryKey = UUID().uuidString
            let detail = try await F.detail(database, order.number)
            let refund = try #require(detail.refunds.first)
            let first = try await F.retryRefund(database).run(
                number: order.number, refundID: refund.id, version: detail.order.version, idempotencyKey: retryKey,
                staff: F.staff)
            let after = try await F.picture(database, order.number)

            // when
            let second = try await F.retryRefund(database).run(
                number: order.number, refundID: refund.id, version: detail.order.version, idempotencyKey: retryKey,
                staff: F.staff)

            // then
            #expect(second == first)
            await #expect(try F.picture(database, order.number) == after)
            await #expect(try F.gatewayRow(database, key: "cancel-\(key)")?["attempts"] as Int? == 2)
        }

        @Test("a refund that has not failed cannot be retried")
        func notRetryable() async throws {
            // given an order whose refund went through
            let (database, order, detail, refund) = try await F.cancelledWithRefund()
            let before = try await F.picture(database, order.number)

            // when
            await #expect {
                try await F.retryRefund(database).run(
                    number: order.number, refundID: refund.id, version: detail.order.version,
                    idempotencyKey: UUID().uuidString, staff: F.staff)
            } throws: { error in
                if case OrderActionError.notAllowed = error { return true }
                return false
            }

            // then
            await #expect(try F.picture(database, order.number) == before)
        }
    }
}
