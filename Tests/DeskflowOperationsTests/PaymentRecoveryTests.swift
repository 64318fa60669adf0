import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// A process that stopped between the cancellation and the provider's answer leaves a pending row; at start-up it
    /// is finished with its original key, never sent twice.
    @Suite("Resuming payment calls left pending")
    struct PaymentRecovery {
        typealias F = CancelFixtures

        /// Cancels through the store only, as if the process stopped before the call went to the provider.
        static func cancelWithoutSending(_ database: any DeskflowDatabase, _ order: Order, key: String) async throws -> PaymentCall {
            guard let call = try await database.cancelWithoutSending(order, form: F.form(order), key: key, staff: F.staff, now: F.now)
            else { throw RecoveryFailed() }
            return call
        }

        struct RecoveryFailed: Error {}

        /// The payment calls of a process started again once the lease of calls made at `F.now` has run out.
        static func payments(_ database: any DeskflowDatabase, clock: AppClock = F.afterLease) -> PaymentCalls {
            PaymentCalls(database: database, gateway: F.gateway(database), clock: clock, logger: F.logger)
        }

        @Test("a refund left pending is finished exactly once, and a second resume sends nothing")
        func resumesRefundOnce() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            let call = try await Self.cancelWithoutSending(database, order, key: key)
            #expect(try await database.pendingPaymentCalls() == [call])
            await #expect(try F.gatewayRow(database, key: call.idempotencyKey) == nil)

            // when
            let resumed = try await Self.payments(database).resumePending()

            // then
            #expect(resumed == 1)
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            #expect(detail.events.contains { $0.kind == .refundSucceeded && $0.actor == "Payment gateway" })
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            let after = try await F.picture(database, order.number)

            // when
            let again = try await Self.payments(database).resumePending()

            // then
            #expect(again == 0)
            #expect(try await database.pendingPaymentCalls().isEmpty)
            await #expect(try F.picture(database, order.number) == after)
        }

        @Test("start-up leaves a call within its lease to the instance that may be sending it, and takes it once the lease ran out")
        func startUpWaitsForTheLease() async throws {
            // given a refund recorded as pending at F.now, its request perhaps still waiting on the provider elsewhere
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let call = try await Self.cancelWithoutSending(database, order, key: UUID().uuidString)

            // when another instance starts while the call is within its lease
            let young = AppClock.fixed(F.now.addingTimeInterval(PaymentCalls.lease - 1))
            let resumedEarly = try await Self.payments(database, clock: young).resumePending()

            // then it is left alone: nothing sent, still pending
            #expect(resumedEarly == 0)
            await #expect(try F.gatewayRow(database, key: call.idempotencyKey) == nil)
            #expect(try await database.pendingPaymentCalls() == [call])

            // when one starts after the lease ran out
            let resumed = try await Self.payments(database).resumePending()

            // then the call is finished once
            #expect(resumed == 1)
            #expect(try await F.detail(database, order.number).order.paymentStatus == .refunded)
            #expect(try await database.pendingPaymentCalls().isEmpty)
        }

        @Test("a server alone on its database finishes every pending call at start-up, however young")
        func soleServerResumesEverything() async throws {
            // given a refund recorded as pending a moment ago by a run that stopped
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            _ = try await Self.cancelWithoutSending(database, order, key: UUID().uuidString)

            // when the server starts at once, holding the database alone
            let resumed = try await Self.payments(database, clock: .fixed(F.now)).resumePending(.everythingLeft)

            // then the call is finished once, without waiting for its lease
            #expect(resumed == 1)
            #expect(try await F.detail(database, order.number).order.paymentStatus == .refunded)
            #expect(try await database.pendingPaymentCalls().isEmpty)
        }

        @Test("a refund the provider made before the process stopped is not made again on resume")
        func providerAnsweredBeforeStop() async throws {
            // given the provider refunded, but the answer was never recorded
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let call = try await Self.cancelWithoutSending(database, order, key: UUID().uuidString)
            let first = try await F.gateway(database).refund(
                GatewayCall(
                    idempotencyKey: call.idempotencyKey, orderNumber: call.orderNumber, amount: call.amount,
                    cardLast4: call.cardLast4))
            #expect(first.succeeded)

            // when
            let resumed = try await Self.payments(database).resumePending()

            // then the same key got the same answer, and the money went back once
            #expect(resumed == 1)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'",
                    [order.number]) == 1)
            #expect(try await F.detail(database, order.number).order.paymentStatus == .refunded)
        }

        /// A provider that cannot be reached: every call throws, as a timeout or a dropped connection would.
        struct UnreachableGateway: PaymentGateway {
            struct Down: Error {}
            var availableMethods: [PaymentMethodChoice] { [] }
            func capture(_ call: GatewayCall) async throws -> GatewayOutcome { throw Down() }
            func charge(_ call: GatewayCall) async throws -> GatewayOutcome { throw Down() }
            func refund(_ call: GatewayCall) async throws -> GatewayOutcome { throw Down() }
            func void(_ call: GatewayCall) async throws -> GatewayOutcome { throw Down() }
        }

        @Test("when the provider cannot be reached the refund stays pending, and a resume later finishes it")
        func unreachableProvider() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString

            // when
            let flash = try await F.cancelOrder(database, gateway: UnreachableGateway()).run(
                number: order.number, form: F.form(order), version: order.version, idempotencyKey: key, staff: F.staff)

            // then the cancellation stands and the refund waits
            #expect(
                flash == "Order #\(order.number) cancelled. The refund of \(order.payment.captured.formatted) "
                    + "is being processed. Customer notified.")
            let waiting = try await F.detail(database, order.number)
            #expect(waiting.order.status == .cancelled)
            #expect(waiting.order.paymentStatus == .paid)
            #expect(waiting.order.issue == nil)
            #expect(waiting.refunds.map(\.state) == [.pending])
            #expect(waiting.order.payment.refundable.isZero)
            #expect(try await database.pendingPaymentCalls().map(\.idempotencyKey) == ["cancel-\(key)"])

            // when the provider is back
            let resumed = try await Self.payments(database).resumePending()

            // then
            #expect(resumed == 1)
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
        }

        @Test("a void left pending is finished on resume")
        func resumesVoid() async throws {
            let database = try await F.demoStore()
            let order = try await F.authorizedOrder()
            let call = try await Self.cancelWithoutSending(database, order, key: UUID().uuidString)
            #expect(call.kind == .void)

            let resumed = try await Self.payments(database).resumePending()

            #expect(resumed == 1)
            #expect(try await F.detail(database, order.number).order.paymentStatus == .voided)
            await #expect(try F.gatewayRow(database, key: call.idempotencyKey)?["succeeded"] as Bool? == true)
            #expect(try await Self.payments(database).resumePending() == 0)
        }
    }
}
