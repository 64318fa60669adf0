import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// The second transaction of a cancellation: what the gateway answered, and retrying a refund that failed.
    @Suite("Recording the gateway's answer to a cancellation")
    struct CancelPaymentOutcome {
        typealias F = CancelStoreFixtures

        static let later = StoreFixtures.now.addingTimeInterval(5)
        static let succeeded = GatewayOutcome(
            succeeded: true, reference: "sim_re_test", failureCode: nil, failureMessage: nil)
        static let declined = GatewayOutcome(
            succeeded: false, reference: nil, failureCode: "refund_declined",
            failureMessage: "The issuer declined the refund: the card account is closed.")

        /// Cancels a paid order with a refund of `amount` (all of it by default) and returns the order and the call.
        static func cancelled(
            _ database: SQLiteStore, amount: ((Order) -> Money)? = nil, order: Order? = nil
        ) async throws -> (Order, PendingPaymentCall) {
            let order = if let order { order } else { try await F.paidOrder() }
            let text = (amount?(order) ?? order.payment.refundable).plainAmount
            let result = try await F.cancel(database, order, form: F.form(amount: text))
            guard case .cancelled(_, _, let call?) = result else { throw F.Invalid() }
            return (order, call)
        }

        static func refundRow(_ database: SQLiteStore, _ call: PendingPaymentCall) async throws -> Row {
            let row = try await database.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM refunds WHERE idempotency_key = ?", arguments: [call.idempotencyKey])
            }
            return try #require(row)
        }

        @Test(
            "a refund that went through leaves the payment refunded, or partially refunded when some is kept",
            arguments: [(0, PaymentStatus.refunded), (1, .partiallyRefunded), (2000, .partiallyRefunded)]
                as [(Int64, PaymentStatus)]
        )
        func refundSucceeded(kept: Int64, expected: PaymentStatus) async throws {
            // given an order cancelled with a refund of all but `kept` cents
            let database = try await StoreFixtures.demoStore()
            let (order, call) = try await Self.cancelled(database) { order in
                Money(minorUnits: order.payment.refundable.minorUnits - kept, currency: order.currency)
            }

            // when
            try await database.recordPaymentOutcome(call, outcome: Self.succeeded, actor: "Maria", now: Self.later)

            // then
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.paymentStatus == expected)
            #expect(detail.order.version == order.version + 2)
            #expect(detail.order.payment.refunded == call.amount)
            #expect(detail.order.payment.pendingRefunds.isZero)
            #expect(detail.order.issue == nil)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            let row = try await Self.refundRow(database, call)
            #expect(row["gateway_reference"] as String? == "sim_re_test")
            #expect(row["completed_at"] as Date? == Self.later)
            let event = try #require(detail.events.first)
            #expect(event.kind == .refundSucceeded)
            #expect(event.amount == call.amount)
            #expect(
                event.summary
                    == "Refunded \(call.amount.formatted) to \(order.payment.method?.label ?? "the customer").")
        }

        @Test("recording the same answer twice changes nothing the second time", arguments: [true, false])
        func idempotent(succeeded: Bool) async throws {
            // given an outcome already recorded
            let database = try await StoreFixtures.demoStore()
            let (order, call) = try await Self.cancelled(database)
            let outcome = succeeded ? Self.succeeded : Self.declined
            try await database.recordPaymentOutcome(call, outcome: outcome, actor: "Maria", now: Self.later)
            let recorded = try await F.picture(database, number: order.number)

            // when it is recorded again, and the other answer after it
            try await database.recordPaymentOutcome(
                call, outcome: outcome, actor: "Maria", now: Self.later.addingTimeInterval(60))
            try await database.recordPaymentOutcome(
                call, outcome: succeeded ? Self.declined : Self.succeeded, actor: "Maria",
                now: Self.later.addingTimeInterval(90))

            // then
            await #expect(try F.picture(database, number: order.number) == recorded)
        }

        @Test("a failed refund leaves the order cancelled with a refund_failed issue that counts attempts")
        func refundFailed() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let (order, call) = try await Self.cancelled(database)
            let failedBefore = try await database.countOrders()[.issue(.refundFailed)]

            // when
            try await database.recordPaymentOutcome(call, outcome: Self.declined, actor: "Maria", now: Self.later)

            // then
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .paid)
            #expect(
                detail.order.issue
                    == OrderIssue(
                        kind: .refundFailed, code: "refund_declined", message: Self.declined.failureMessage!,
                        since: Self.later,
                        attempts: 1))
            #expect(detail.order.payment.refundable == call.amount)
            #expect(detail.refunds.map(\.state) == [.failed])
            #expect(detail.refunds.first?.failureMessage == Self.declined.failureMessage)
            #expect(detail.events.first?.kind == .refundFailed)
            #expect(try await database.countOrders()[.issue(.refundFailed)] == failedBefore + 1)
            #expect(OrderAction.retryRefund.availability(for: detail.order) == .available)
        }

        @Test(
            "a refund retried under its own key counts attempts while it fails, and clears the issue once it succeeds")
        func retryUntilSuccess() async throws {
            // given a refund that failed once
            let database = try await StoreFixtures.demoStore()
            let (order, call) = try await Self.cancelled(database)
            try await database.recordPaymentOutcome(call, outcome: Self.declined, actor: "Maria", now: Self.later)

            // when it is retried and fails again
            func retry(_ key: String, at time: Date) async throws -> PendingPaymentCall {
                let version = try #require(try await database.orderDetail(number: order.number)).order.version
                let result = try await database.prepareRefundRetry(
                    orderNumber: order.number, refundID: try await database.refundID(of: call), expectedVersion: version,
                    idempotency: IdempotencyClaim(key: key, staffID: F.staffID, fingerprint: "retry"),
                    actor: "Maria", now: time)
                guard case .ready(let retried) = result else { throw F.Invalid() }
                return retried
            }
            let second = try await retry("retry-1", at: Self.later.addingTimeInterval(60))
            #expect(second.idempotencyKey == call.idempotencyKey)
            #expect(second.amount == call.amount)
            await #expect(try Self.refundRow(database, call)["status"] as String == "pending")
            try await database.recordPaymentOutcome(
                second, outcome: Self.declined, actor: "Maria", now: Self.later.addingTimeInterval(61))

            // then
            let failedTwice = try #require(try await database.orderDetail(number: order.number)).order
            #expect(failedTwice.issue?.kind == .refundFailed)
            #expect(failedTwice.issue?.attempts == 2)
            #expect(failedTwice.issue?.since == Self.later)

            // when it is retried and goes through
            let third = try await retry("retry-2", at: Self.later.addingTimeInterval(120))
            try await database.recordPaymentOutcome(
                third, outcome: Self.succeeded, actor: "Maria", now: Self.later.addingTimeInterval(121))

            // then
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.issue == nil)
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            #expect(detail.refunds.first?.failureMessage == nil)
            await #expect(try database.count("SELECT COUNT(*) FROM refunds WHERE order_id = ?", arguments: [order.id]) == 1)
        }

        /// Puts a failed refund back to pending under its own key, as the Retry refund action does.
        static func retry(_ database: SQLiteStore, _ number: Int, refundID: Int64, at time: Date) async throws
            -> PendingPaymentCall
        {
            let version = try #require(try await database.orderDetail(number: number)).order.version
            let result = try await database.prepareRefundRetry(
                orderNumber: number, refundID: refundID, expectedVersion: version,
                idempotency: IdempotencyClaim(key: UUID().uuidString, staffID: F.staffID, fingerprint: "retry"),
                actor: "Maria", now: time)
            guard case .ready(let call) = result else { throw F.Invalid() }
            return call
        }

        static func demoOrderWithFailedRefund() async throws -> Order {
            try await F.demoOrder("processing with a failed refund") {
                $0.status == .processing && $0.paymentStatus == .paid && $0.issue?.kind == .refundFailed
            }
        }

        @Test("a cancellation replaces the order's earlier failed refund, which can then no longer be retried")
        func cancellationReplacesEarlierFailedRefund() async throws {
            // given a demo order whose earlier refund failed
            let database = try await StoreFixtures.demoStore()
            let order = try await Self.demoOrderWithFailedRefund()
            let earlier = try #require(
                try await database.orderDetail(number: order.number)?.refunds.first { $0.state == .failed })

            // when it is cancelled with a refund of its own that goes through
            let (_, call) = try await Self.cancelled(
                database, amount: { Money(minorUnits: 100, currency: $0.currency) }, order: order)
            try await database.recordPaymentOutcome(call, outcome: Self.succeeded, actor: "Maria", now: Self.later)

            // then the earlier refund is marked replaced, no issue is left open, and it cannot be retried
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.refunds.first { $0.id == earlier.id }?.state == .replaced)
            #expect(detail.order.issue == nil)
            #expect(detail.order.paymentStatus == .partiallyRefunded)
            await #expect(throws: OrderRefusal.self) {
                try await database.prepareRefundRetry(
                    orderNumber: order.number, refundID: earlier.id, expectedVersion: detail.order.version,
                    idempotency: IdempotencyClaim(key: UUID().uuidString, staffID: F.staffID, fingerprint: "retry"),
                    actor: "Maria", now: Self.later.addingTimeInterval(5))
            }
        }

        @Test("once a cancellation has refunded everything, no earlier failed refund keeps the order in refund_failed")
        func fullRefundSupersedesEarlierFailure() async throws {
            // given a demo order whose earlier partial refund failed, cancelled with a refund of everything captured,
            // and that refund failed once before going through on retry
            let database = try await StoreFixtures.demoStore()
            let order = try await Self.demoOrderWithFailedRefund()
            let (_, call) = try await Self.cancelled(database, order: order)
            #expect(call.amount == order.payment.captured)
            try await database.recordPaymentOutcome(call, outcome: Self.declined, actor: "Maria", now: Self.later)
            let retried = try await Self.retry(
                database, order.number, refundID: try await database.refundID(of: call), at: Self.later.addingTimeInterval(10))

            // when
            try await database.recordPaymentOutcome(
                retried, outcome: Self.succeeded, actor: "Maria", now: Self.later.addingTimeInterval(11))

            // then everything captured went back, so there is nothing left that a retry could refund
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.order.payment.refundable.isZero)
            #expect(detail.order.issue == nil)
            #expect(detail.order.state.isPossible, "\(detail.order.state)")
        }

        @Test("a retry of a refund that has not failed, on a stale version, or with a reused key is refused")
        func retryRefusals() async throws {
            // given a pending refund
            let database = try await StoreFixtures.demoStore()
            let (order, call) = try await Self.cancelled(database)
            let version = order.version + 1
            func retry(key: String = UUID().uuidString, version: Int, fingerprint: String = "retry") async throws
                -> RefundRetryResult
            {
                try await database.prepareRefundRetry(
                    orderNumber: order.number, refundID: try await database.refundID(of: call), expectedVersion: version,
                    idempotency: IdempotencyClaim(key: key, staffID: F.staffID, fingerprint: fingerprint),
                    actor: "Maria", now: Self.later)
            }

            // then
            await #expect(throws: OrderRefusal.self) { try await retry(version: version) }
            try await database.recordPaymentOutcome(call, outcome: Self.declined, actor: "Maria", now: Self.later)
            await #expect(throws: StaleVersion.self) { try await retry(version: version) }

            let before = try await F.picture(database, number: order.number)
            _ = try await retry(key: "once", version: version + 1)
            let prepared = try await F.picture(database, number: order.number)
            #expect(prepared != before)
            guard case .replayed(let stored) = try await retry(key: "once", version: version + 1) else {
                Issue.record("the same retry key did not replay")
                return
            }
            #expect(stored.flash == nil)
            await #expect(throws: IdempotencyKeyReused()) {
                try await retry(key: "once", version: version + 1, fingerprint: "other")
            }
            await #expect(try F.picture(database, number: order.number) == prepared)
        }

        @Test("a void that went through leaves the payment voided; one that failed leaves it authorized")
        func voidOutcome() async throws {
            for outcome in [Self.succeeded, Self.declined] {
                // given
                let database = try await StoreFixtures.demoStore()
                let order = try await F.demoOrder("authorized") {
                    $0.status == .processing && $0.paymentStatus == .authorized && $0.issue == nil
                }
                guard case .cancelled(_, _, let call?) = try await F.cancel(database, order) else {
                    Issue.record("no void to make")
                    return
                }

                // when
                try await database.recordPaymentOutcome(call, outcome: outcome, actor: "Maria", now: Self.later)
                let recorded = try await F.picture(database, number: order.number)
                try await database.recordPaymentOutcome(call, outcome: outcome, actor: "Maria", now: Self.later)

                // then
                let detail = try #require(try await database.orderDetail(number: order.number))
                #expect(detail.order.paymentStatus == (outcome.succeeded ? .voided : .authorized))
                #expect(detail.order.issue == nil)
                #expect(detail.events.first?.kind == .authorizationVoided)
                await #expect(
                    try database.count(
                        "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = ?",
                        arguments: [call.idempotencyKey, outcome.succeeded ? "succeeded" : "failed"]) == 1)
                await #expect(try F.picture(database, number: order.number) == recorded)
            }
        }

        @Test("calls recorded as pending are listed for resuming until their answer is recorded")
        func pendingCalls() async throws {
            // given a refund and a void left pending
            let database = try await StoreFixtures.demoStore()
            #expect(try await database.pendingPaymentCalls().isEmpty)
            let (_, refund) = try await Self.cancelled(database)
            let authorized = try await F.demoOrder("authorized") {
                $0.status == .processing && $0.paymentStatus == .authorized && $0.issue == nil
            }
            guard case .cancelled(_, _, let void?) = try await F.cancel(database, authorized) else {
                Issue.record("no void to make")
                return
            }

            // then
            #expect(try await database.pendingPaymentCalls() == [refund, void])

            // when
            try await database.recordPaymentOutcome(refund, outcome: Self.succeeded, actor: "Deskflow", now: Self.later)
            try await database.recordPaymentOutcome(void, outcome: Self.declined, actor: "Deskflow", now: Self.later)

            // then
            #expect(try await database.pendingPaymentCalls().isEmpty)
        }
    }
}
