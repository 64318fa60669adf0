import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// Fault drills: the simulated gateway and warehouse told to time out or refuse calls for a while. Money and
    /// parcels either end failed with a way to retry, or go through exactly once; never both.
    @Suite("Gateway and warehouse outages")
    struct Outages {
        typealias F = CancelFixtures
        typealias R = ResolutionFixtures

        static func outage(_ database: any DeskflowDatabase, _ service: SimulatedService, _ mode: OutageMode) async throws {
            try await SimulatedOutages(database: database).start(service, mode: mode, until: F.now.addingTimeInterval(60))
        }

        static func retryFailedRefund(_ database: any DeskflowDatabase, _ number: Int) async throws -> String {
            let detail = try await F.detail(database, number)
            let refund = try #require(detail.refunds.first { $0.state == .failed })
            return try await F.retryRefund(database).run(
                number: number, refundID: refund.id, version: detail.order.version, idempotencyKey: UUID().uuidString,
                staff: F.staff)
        }

        static func gatewayRefunds(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
            try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'", [number])
        }

        @Test(
            "a refund during an outage ends failed with a retry, and the retry afterwards refunds exactly once",
            arguments: [OutageMode.fail, .timeout])
        func refundDuringOutage(mode: OutageMode) async throws {
            // given a paid order and a gateway that is down
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            try await Self.outage(database, .gateway, mode)

            // when the order is cancelled with a full refund
            let flash = try await F.cancel(database, order)

            // then the cancellation stands and the refund waits, failed, for a retry
            #expect(flash.contains("The refund of \(order.payment.captured.formatted) failed"))
            let failed = try await F.detail(database, order.number)
            #expect(failed.order.status == .cancelled)
            #expect(failed.order.issue?.kind == .refundFailed)
            #expect(failed.order.issue?.code == (mode == .fail ? "gateway_unavailable" : "gateway_timeout"))
            #expect(failed.refunds.map(\.state) == [.failed])
            // a refused call moved nothing; a timed-out one went through at the provider, unannounced
            await #expect(try F.refundedAtGateway(database, order.number) == (mode == .fail ? 0 : Int(order.payment.captured.minorUnits)))

            // when the outage is over and the refund is retried
            try await SimulatedOutages(database: database).end(.gateway)
            _ = try await Self.retryFailedRefund(database, order.number)

            // then the money moved once, under the refund's one key
            let settled = try await F.detail(database, order.number)
            #expect(settled.refunds.map(\.state) == [.succeeded])
            #expect(settled.order.issue == nil)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            await #expect(try Self.gatewayRefunds(database, order.number) == 1)
        }

        @Test("a charge that times out stays pending, and the resume after the outage settles it once")
        func chargeTimesOut() async throws {
            // given an order whose payment failed, now with a card that works
            let database = try await F.demoStore()
            let order = try await R.failed(.paymentFailed)
            let payments = R.payments(database)
            _ = try await payments.updatePaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: "visa-4242")
            try await Self.outage(database, .gateway, .timeout)

            // when the payment is retried during the outage
            let current = try await R.current(database, order.number)
            let flash = try await payments.retryPayment(number: order.number, version: current.version, key: UUID().uuidString, staff: F.staff)

            // then the charge is left pending under its key, though the provider took the money
            #expect(flash.contains("The charge stays pending"))
            let charge = try #require(try await database.pendingCharge(orderNumber: order.number))
            await #expect(try R.takenAtGateway(database, order.number) == Int(order.totals.total.minorUnits))

            // when the outage ends and the process restarts, twice
            try await SimulatedOutages(database: database).end()
            let calls = PaymentCalls(database: database, gateway: F.gateway(database), clock: F.afterLease, logger: F.logger)
            #expect(try await calls.resumePending() == 1)
            #expect(try await calls.resumePending() == 0)

            // then the order is paid, once, under the charge's original key
            let paid = try await R.current(database, order.number)
            #expect(paid.paymentStatus == .paid)
            #expect(paid.issue == nil)
            #expect(try await database.pendingCharge(orderNumber: order.number) == nil)
            await #expect(try R.takenAtGateway(database, order.number) == Int(order.totals.total.minorUnits))
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE idempotency_key = ?", [charge.idempotencyKey]) == 1)
        }

        @Test("the warehouse in an outage ships nothing and takes no stock; the retry afterwards ships once", arguments: [OutageMode.fail, .timeout])
        func warehouseOutage(mode: OutageMode) async throws {
            // given a ready order and a warehouse that is down
            let database = try await F.demoStore()
            let order = try await R.readyOrder()
            let stockBefore = try await R.stockSnapshot(database)
            try await Self.outage(database, .warehouse, mode)
            let shipping = R.shipping(database)

            // when it is fulfilled
            _ = try await shipping.fulfill(number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")

            // then it failed, with a retry, and nothing left the shelf
            let failed = try await R.current(database, order.number)
            #expect(failed.issue?.kind == .fulfillmentFailed)
            #expect(failed.issue?.code == (mode == .fail ? "warehouse_unavailable" : "warehouse_timeout"))
            await #expect(try R.stockSnapshot(database) == stockBefore)

            // when the outage ends and fulfillment is retried
            try await SimulatedOutages(database: database).end(.warehouse)
            _ = try await shipping.retryFulfillment(number: order.number, version: failed.version, key: UUID().uuidString, staff: F.staff)

            // then it shipped once and the stock matches the ledger
            let shipped = try await R.current(database, order.number)
            #expect(shipped.fulfillmentStatus == .fulfilled)
            #expect(shipped.issue == nil)
            await #expect(try R.ledgerMismatches(database).isEmpty)
        }

        @Test("a capture whose answer is lost ships nothing and stays pending; the retry sends the same capture and ships once")
        func captureTimesOut() async throws {
            // given an authorized order ready to ship, and a gateway that loses its answers
            let database = try await F.demoStore()
            let order = try await R.readyOrder(payment: .authorized)
            try await Self.outage(database, .gateway, .timeout)
            let shipping = R.shipping(database)

            // when it is fulfilled
            let flash = try await shipping.fulfill(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")

            // then nothing shipped, the capture waits under its key, though the provider took the money
            #expect(flash.contains("did not answer the capture"))
            let waiting = try await R.current(database, order.number)
            #expect(waiting.fulfillmentStatus == .failed)
            #expect(waiting.issue?.code == "gateway_timeout")
            #expect(waiting.paymentStatus == .authorized)
            let capture = try #require(try await database.pendingPaymentCalls().first { $0.kind == .capture && $0.orderNumber == order.number })
            await #expect(try R.takenAtGateway(database, order.number) == Int(order.totals.total.minorUnits))

            // when the outage ends and fulfillment is retried
            try await SimulatedOutages(database: database).end()
            _ = try await shipping.retryFulfillment(number: order.number, version: waiting.version, key: UUID().uuidString, staff: F.staff)

            // then it shipped, paid by the one capture
            let shipped = try await R.current(database, order.number)
            #expect(shipped.fulfillmentStatus == .fulfilled)
            #expect(shipped.paymentStatus == .paid)
            #expect(try await database.pendingPaymentCalls().filter { $0.orderNumber == order.number }.isEmpty)
            await #expect(try R.takenAtGateway(database, order.number) == Int(order.totals.total.minorUnits))
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'capture'", [order.number]) == 1)
            let captureStatus: String? = try await database.pool.read { db in
                try String.fetchOne(db, sql: "SELECT status FROM payments WHERE idempotency_key = ?", arguments: [capture.idempotencyKey])
            }
            #expect(captureStatus == "succeeded")
            await #expect(try R.ledgerMismatches(database).isEmpty)
        }

        @Test("a void whose answer is lost stays pending, and the resume at start-up settles it once")
        func voidTimesOut() async throws {
            // given an authorized order and a gateway that loses its answers
            let database = try await F.demoStore()
            let order = try await F.authorizedOrder()
            try await Self.outage(database, .gateway, .timeout)

            // when it is cancelled
            let flash = try await F.cancel(database, order, form: F.form(order, issueRefund: false))

            // then the authorization is said to be on its way out, and the void waits under its key
            #expect(flash.contains("is being released"))
            let void = try #require(try await database.pendingPaymentCalls().first { $0.kind == .void && $0.orderNumber == order.number })

            // when the outage ends and the process restarts, twice
            try await SimulatedOutages(database: database).end()
            let calls = PaymentCalls(database: database, gateway: F.gateway(database), clock: F.afterLease, logger: F.logger)
            _ = try await calls.resumePending()
            #expect(try await calls.resumePending() == 0)

            // then the hold is released, once
            await #expect(try R.current(database, order.number).paymentStatus == .voided)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE idempotency_key = ?", [void.idempotencyKey]) == 1)
        }

        @Test("the running server asks again about a call left waiting, quietly while the provider is down, and settles it once")
        func abandonedCallsAreResumed() async throws {
            // given a void whose answer was lost, and a gateway that stays down for ten minutes
            let database = try await F.demoStore()
            let order = try await F.authorizedOrder()
            try await SimulatedOutages(database: database).start(.gateway, mode: .timeout, until: F.now.addingTimeInterval(600))
            _ = try await F.cancel(database, order, form: F.form(order, issueRefund: false))
            let eventsBefore = try await F.detail(database, order.number).events.count
            func recovery(after seconds: TimeInterval) -> PaymentCalls {
                let clock = AppClock.fixed(F.now.addingTimeInterval(seconds))
                return PaymentCalls(
                    database: database, gateway: SimulatedGateway(database: database, clock: clock), clock: clock, logger: F.logger)
            }

            // then a call younger than two minutes is left to the request that made it
            #expect(try await recovery(after: 60).resumeAbandoned(olderThan: 120) == 0)
            // and an older one, asked while the provider is still down, stays pending without a word on the timeline
            #expect(try await recovery(after: 180).resumeAbandoned(olderThan: 120) == 0)
            #expect(try await database.pendingPaymentCalls().contains { $0.kind == .void && $0.orderNumber == order.number })
            #expect(try await F.detail(database, order.number).events.count == eventsBefore)

            // when the provider is back
            try await SimulatedOutages(database: database).end()
            #expect(try await recovery(after: 240).resumeAbandoned(olderThan: 120) == 1)

            // then the hold is released, once
            await #expect(try R.current(database, order.number).paymentStatus == .voided)
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'void'", [order.number]) == 1)
            #expect(try await recovery(after: 300).resumeAbandoned(olderThan: 120) == 0)
        }

        @Test("an outage ends by itself when its time is up, and can be ended early")
        func outageLifetime() async throws {
            let outages = SimulatedOutages(database: try await F.demoStore())
            try await outages.start(.gateway, mode: .timeout, until: F.now.addingTimeInterval(60))
            try await outages.start(.warehouse, mode: .fail, until: F.now.addingTimeInterval(30))
            #expect(try await outages.mode(of: .gateway, now: F.now) == .timeout)
            #expect(try await outages.mode(of: .warehouse, now: F.now.addingTimeInterval(29)) == .fail)
            #expect(try await outages.mode(of: .warehouse, now: F.now.addingTimeInterval(30)) == nil)
            #expect(try await outages.mode(of: .gateway, now: F.now.addingTimeInterval(61)) == nil)
            try await outages.start(.gateway, mode: .fail, until: F.now.addingTimeInterval(60))
            #expect(try await outages.mode(of: .gateway, now: F.now) == .fail)
            try await outages.end(.gateway)
            #expect(try await outages.running(now: F.now).map(\.service) == [.warehouse])
        }
    }
}
