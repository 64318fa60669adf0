import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Synchronization
import Testing

@testable import DeskflowOperations

/// A provider that takes the charge but whose answer never arrives, like a connection dropped after the request.
struct LostAnswerGateway: PaymentGateway {
    struct ConnectionLost: Error {}
    let inner: SimulatedGateway

    var availableMethods: [PaymentMethodChoice] { inner.availableMethods }
    func capture(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.capture(call) }
    func charge(_ call: GatewayCall) async throws -> GatewayOutcome {
        _ = try await inner.charge(call)
        throw ConnectionLost()
    }
    func refund(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.refund(call) }
    func void(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.void(call) }
}

/// A provider that lets the test do something (another manager's action) while a charge or a refund is on its way.
struct InterleavingGateway: PaymentGateway {
    let inner: SimulatedGateway
    var duringCharge: @Sendable () async throws -> Void = {}
    var duringRefund: @Sendable () async throws -> Void = {}

    var availableMethods: [PaymentMethodChoice] { inner.availableMethods }
    func capture(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.capture(call) }
    func charge(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await duringCharge()
        return try await inner.charge(call)
    }
    func refund(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await duringRefund()
        return try await inner.refund(call)
    }
    func void(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.void(call) }
}

extension DeskflowOperationsTests {
    @Suite("Resolving a failed payment")
    struct PaymentResolutionTests {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        static let gatewayMessages = [
            "card_declined": "The card was declined by the issuing bank.",
            "insufficient_funds": "The card has insufficient funds to complete the purchase.",
            "expired_card": "The card has expired.",
        ]

        static func charges(_ database: any DeskflowDatabase, _ order: Order) async throws -> (gateway: Int, payments: Int) {
            await (
                try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'charge'", [order.number]),
                try F.count(database, "SELECT COUNT(*) FROM payments WHERE order_id = ? AND kind = 'charge'", [order.id])
            )
        }

        // MARK: Still failing

        @Test(
            "retrying a declined, underfunded or expired card fails again: one more attempt and a failed charge under a fresh key",
            arguments: ["card_declined", "insufficient_funds", "expired_card"])
        func retryStillFails(code: String) async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed, code: code)
            let seeded = try #require(order.issue)
            let message = try #require(Self.gatewayMessages[code])
            let before = try await Self.charges(database, order)
            let key = UUID().uuidString

            // when
            let flash = try await F.payments(database).retryPayment(number: order.number, version: order.version, key: key, staff: F.staff)

            // then
            #expect(flash == "The payment failed again: \(message) Ask the customer for a new payment method, or record one.")
            let after = try await F.current(database, order.number)
            #expect(after.status == .pending)
            #expect(after.paymentStatus == .failed)
            #expect(after.payment.captured.isZero)
            #expect(
                after.issue == OrderIssue(kind: .paymentFailed, code: code, message: message, since: seeded.since, attempts: seeded.attempts + 1))
            #expect(after.version == order.version + 2)
            await #expect(try F.newEventKinds(database, order.number) == [.paymentRetried, .paymentFailed])
            await #expect(
                try F.count(
                    database,
                    """
                    SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND order_id = ? AND kind = 'charge' AND status = 'failed'
                    AND failure_code = ? AND amount_minor = ? AND completed_at IS NOT NULL
                    """, ["charge-\(key)", order.id, code, order.totals.total.minorUnits]) == 1)
            let ledger = try await #require(try C.gatewayRow(database, key: "charge-\(key)"))
            #expect(ledger["succeeded"] as Bool == false)
            #expect(ledger["card_last4"] as String? == order.payment.method?.last4)

            // when retried again from a new form
            let again = try await F.payments(database).retryPayment(
                number: order.number, version: after.version, key: UUID().uuidString, staff: F.staff)

            // then each attempt went to the provider under its own key
            #expect(again == flash)
            await #expect(try F.current(database, order.number).issue?.attempts == seeded.attempts + 2)
            let charges = try await Self.charges(database, order)
            #expect(charges.gateway == before.gateway + 2)
            #expect(charges.payments == before.payments + 2)
            await #expect(try F.takenAtGateway(database, order.number) == 0)
        }

        // MARK: Resolved

        @Test("with a new payment method recorded, the retry goes through: paid, captured, issue cleared, on to processing")
        func newMethodThenRetry() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed, code: "card_declined")
            let total = order.totals.total
            let payments = F.payments(database)

            // when the customer's new card is recorded
            let recorded = try await payments.updatePaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: "visa-4242")

            // then it is on file, and the failure is still open
            #expect(recorded == "Payment method changed to Visa •••• 4242. Retry the payment to charge it.")
            let withCard = try await F.current(database, order.number)
            #expect(withCard.payment.method == PaymentMethod(brand: "Visa", last4: "4242"))
            var fixMade = try #require(order.issue)
            fixMade.fixMade = true
            #expect(withCard.issue == fixMade, "the failure stays open, with its fix made")
            await #expect(try F.newEvents(database, order.number).map(\.summary) == [
                "Payment method changed from \(order.payment.method!.label) to Visa •••• 4242."
            ])

            // when the payment is retried
            let key = UUID().uuidString
            let flash = try await payments.retryPayment(number: order.number, version: withCard.version, key: key, staff: F.staff)

            // then
            #expect(flash == "Payment of \(total.formatted) received from Visa •••• 4242. Order #\(order.number) is now processing.")
            let paid = try await F.current(database, order.number)
            #expect(paid.status == .processing)
            #expect(paid.paymentStatus == .paid)
            #expect(paid.fulfillmentStatus == .unfulfilled)
            #expect(paid.payment.captured == total)
            #expect(paid.payment.authorized == total)
            #expect(paid.issue == nil)
            await #expect(try F.newEventKinds(database, order.number) == [.paymentMethodUpdated, .paymentRetried, .paymentCaptured])
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'succeeded' AND gateway_reference IS NOT NULL",
                    ["charge-\(key)"]) == 1)
            await #expect(try F.takenAtGateway(database, order.number) == Int(total.minorUnits))
            #expect(try await database.storedResult(key: key)?.flash == flash)
            // and it has left the queue, ready to fulfill
            await #expect(try !database.listOrders(OrderListRequest(filter: .needsAttention, limit: 500)).orders.contains { $0.number == order.number })
            #expect(OrderAction.fulfill.availability(for: paid) == .available)
        }

        @Test("asking for a new payment method queues a message to the customer and records it; the failure stays open")
        func requestPaymentMethod() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let gatewayRows = try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions")

            // when
            let flash = try await F.payments(database).requestPaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff)

            // then
            #expect(flash == "Asked \(order.customer.email) for a new payment method.")
            let outbox = try #require(try await DeskflowOperationsTests.CustomerMessagesTests.lastOutbox(database, order))
            #expect(outbox["kind"] as String == "payment_method_request")
            #expect(outbox["recipient"] as String == order.customer.email)
            #expect(outbox["state"] as String == "queued")
            #expect(outbox["subject"] as String == "Please update your payment method for order #\(order.number)")
            #expect((outbox["body"] as String).contains(order.payment.method!.label))
            await #expect(try F.newEventKinds(database, order.number) == [.paymentMethodRequested])
            let after = try await F.current(database, order.number)
            #expect(after.issue == order.issue)
            #expect(after.status == .pending)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == gatewayRows)
        }

        @Test("a payment received outside the gateway, with its reference, resolves the failure")
        func markPaid() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let total = order.totals.total
            let gatewayRows = try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions")
            let key = UUID().uuidString

            // when
            let flash = try await F.payments(database).markPaid(
                number: order.number, version: order.version, key: key, staff: F.staff, reference: "  BT-2024-118 ")

            // then
            #expect(flash == "Order #\(order.number) marked as paid: \(total.formatted), reference BT-2024-118. It is now processing.")
            let paid = try await F.current(database, order.number)
            #expect(paid.status == .processing)
            #expect(paid.paymentStatus == .paid)
            #expect(paid.payment.captured == total)
            #expect(paid.issue == nil)
            let events = try await F.newEvents(database, order.number)
            #expect(events.map(\.kind) == [.paymentReceived])
            #expect(events.first?.amount == total)
            #expect(events.first?.actor == F.staff.name)
            await #expect(
                try F.count(
                    database,
                    """
                    SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND kind = 'external' AND status = 'succeeded'
                    AND gateway_reference = 'BT-2024-118' AND amount_minor = ?
                    """, ["external-\(key)", total.minorUnits]) == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == gatewayRows)
        }

        @Test(
            "a payment marked without a reference is refused beside the field, and nothing changes",
            arguments: ["", "   ", String(repeating: "R", count: 101)])
        func markPaidWithoutReference(reference: String) async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let before = try await C.picture(database, order.number)

            let refusal = await F.refusal {
                try await F.payments(database).markPaid(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, reference: reference)
            }

            #expect(refusal?.hasPrefix("invalid: reference ") == true, "\(refusal ?? "")")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test(
            "only the gateway's listed payment methods can be recorded, never a typed card number",
            arguments: ["4242424242424242", "visa-9999", "", "Visa •••• 4242", "VISA-4242"])
        func unknownPaymentMethod(choice: String) async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let before = try await C.picture(database, order.number)

            let refusal = await F.refusal {
                try await F.payments(database).updatePaymentMethod(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: choice)
            }

            #expect(refusal == "invalid: payment_method Choose one of the listed payment methods.")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("every listed test method can be recorded, and shows as its brand and last four digits")
        func listedMethods() async throws {
            let gateway = C.gateway(try await C.demoStore())
            #expect(gateway.availableMethods == SimulatedGateway.testMethods)
            #expect(gateway.availableMethods.count == Set(gateway.availableMethods.map(\.value)).count)
            for entry in gateway.availableMethods {
                #expect(gateway.availableMethod(forChoice: entry.value) == entry.method)
                #expect(entry.value.hasSuffix(entry.method.last4))
            }
            #expect(gateway.availableMethod(forChoice: "visa-0002")?.last4 == SimulatedGateway.TestCard.declined)
            #expect(gateway.availableMethod(forChoice: "visa-4111") == nil)
        }

        // MARK: Known problems

        @Test("a card whose first attempt times out is paid by retrying the payment")
        func timeoutThenRetry() async throws {
            // given a failed payment moved to the card whose first attempt under each key times out
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let payments = F.payments(database)
            _ = try await payments.updatePaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: "visa-0119")
            let first = try await payments.retryPayment(
                number: order.number, version: try F.current(database, order.number).version, key: UUID().uuidString, staff: F.staff)
            #expect(first.hasPrefix("The payment failed again: The payment provider did not answer in time."))
            await #expect(try F.current(database, order.number).issue?.code == "gateway_timeout")

            // when the manager retries, from the page the flash was shown on
            let second = try await payments.retryPayment(
                number: order.number, version: try F.current(database, order.number).version, key: UUID().uuidString, staff: F.staff)

            // then
            let status = try await F.current(database, order.number).paymentStatus
            #expect(second.hasPrefix("Payment of"))
            #expect(status == .paid)
        }

        @Test("a charge whose answer was lost is not taken a second time by the next retry")
        func lostAnswerIsNotChargedTwice() async throws {
            // given a failed payment with a working card, retried while the connection drops after the charge is taken
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let total = order.totals.total
            _ = try await F.payments(database).updatePaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: "visa-4242")
            _ = try await F.payments(database, gateway: LostAnswerGateway(inner: C.gateway(database))).retryPayment(
                number: order.number, version: try F.current(database, order.number).version, key: UUID().uuidString, staff: F.staff)
            await #expect(try F.takenAtGateway(database, order.number) == Int(total.minorUnits))

            // when the manager sees "payment failed" and retries
            let flash = try await F.payments(database).retryPayment(
                number: order.number, version: try await F.current(database, order.number).version, key: UUID().uuidString,
                staff: F.staff)

            // then the retry learns the first charge went through: the customer paid once, and Deskflow knows it
            #expect(flash.hasPrefix("Payment of \(total.formatted) received"), "\(flash)")
            await #expect(try F.takenAtGateway(database, order.number) == Int(total.minorUnits))
            let after = try await F.current(database, order.number)
            #expect(after.payment.captured == total)
            #expect(after.paymentStatus == .paid)
            #expect(after.issue == nil)
        }

        @Test("a charge left pending by a stopped process is finished at start-up under its own key")
        func pendingChargeResumed() async throws {
            // given the first half of a retry, written as the operation does, and then the process stopped
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let chargeKey = "charge-\(UUID().uuidString)"
            let request = OrderActionRequest(
                orderNumber: order.number, expectedVersion: order.version, staffID: F.staff.id, actor: F.staff.name,
                idempotency: IdempotencyClaim(key: UUID().uuidString, staffID: F.staff.id, fingerprint: "stopped"), now: C.now)
            let total = order.totals.total
            _ = try await database.applyOrderAction(request) { _ in
                var change = OrderChange()
                change.newPayments = [NewPayment(kind: .charge, amount: total, state: .pending, idempotencyKey: chargeKey)]
                return change
            }

            // when the app starts again, after the charge's lease
            let resumed = try await PaymentCalls(database: database, gateway: C.gateway(database), clock: C.afterLease, logger: C.logger)
                .resumePending()

            // then
            let stillPending = try await F.count(
                database, "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'pending'", [chargeKey])
            #expect(resumed == 1)
            #expect(stillPending == 0)
        }

        @Test("an order cannot be cancelled while its charge waits for the gateway, so money is never taken for a cancelled order")
        func cancelledWhileCharging() async throws {
            // given a failed payment with a working card
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            _ = try await F.payments(database).updatePaymentMethod(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, choice: "visa-4242")

            // when another manager tries to cancel the order while the charge is on its way
            let refusal = Mutex<String?>(nil)
            let gateway = InterleavingGateway(inner: C.gateway(database), duringCharge: {
                let current = try await F.current(database, order.number)
                do {
                    _ = try await C.cancel(database, current, form: C.form(current, reason: .declined), version: current.version)
                } catch OrderActionError.notAllowed(let reason) {
                    refusal.withLock { $0 = reason }
                }
            })
            _ = try await F.payments(database, gateway: gateway).retryPayment(
                number: order.number, version: try F.current(database, order.number).version, key: UUID().uuidString, staff: F.staff)

            // then the cancellation was refused and the payment went through
            #expect(refusal.withLock { $0 }?.contains("still waiting for the payment provider's answer") == true)
            let after = try await F.current(database, order.number)
            #expect(after.status == .processing)
            #expect(after.paymentStatus == .paid)
            await #expect(try F.ledgerMismatches(database) == [])
        }
    }
}
