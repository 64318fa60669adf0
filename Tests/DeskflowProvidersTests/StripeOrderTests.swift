import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import DeskflowProviders
import DeskflowStore
import Foundation
import Logging
import Testing

extension DeskflowProvidersTests {
    /// Stripe orders through Deskflow's own operations, on a real store, with the fake Stripe behind the gateway
    /// router: what the manager does, what Stripe receives, and what the order then says.
    @Suite("Stripe orders")
    struct StripeOrders {
        typealias H = StripeHarness

        /// The simulator must not hear about a Stripe order.
        struct NoSimulator: PaymentGateway {
            var availableMethods: [PaymentMethodChoice] { [] }
            func refuse(_ call: GatewayCall) -> GatewayOutcome {
                Issue.record("the simulator was asked about order \(call.orderNumber)")
                return GatewayOutcome(
                    succeeded: false, reference: nil, failureCode: "wrong_gateway", failureMessage: "Wrong gateway.")
            }
            func capture(_ call: GatewayCall) async throws -> GatewayOutcome { refuse(call) }
            func charge(_ call: GatewayCall) async throws -> GatewayOutcome { refuse(call) }
            func refund(_ call: GatewayCall) async throws -> GatewayOutcome { refuse(call) }
            func void(_ call: GatewayCall) async throws -> GatewayOutcome { refuse(call) }
        }

        /// Runs `body` with a store, the fake Stripe, and the app's gateway: the router, with Stripe behind it.
        static func withStripe(
            logger: Logger = H.quiet, _ body: (StripeStore, FakeStripe, PaymentGatewayRouter) async throws -> Void
        ) async throws {
            let store = try await StripeStore.make()
            try await H.withFakeStripe { stripe in
                try await H.withGateway(stripe.baseURL!, logger: logger) { gateway in
                    try await body(
                        store, stripe, PaymentGatewayRouter(simulated: NoSimulator(), stripe: gateway, logger: logger))
                }
            }
        }

        static func cancel(
            _ store: StripeStore, _ order: Order, amount: String, key: String, through gateway: any PaymentGateway,
            logger: Logger = H.quiet
        ) async throws -> String {
            try await CancelOrder(
                database: store.database, gateway: gateway, clock: .fixed(StripeStore.now), logger: logger
            ).run(
                number: order.number, form: StripeStore.cancellation(refunding: amount), version: order.version,
                idempotencyKey: key, staff: store.staff)
        }

        @Test(
            "a Stripe order cancelled with a partial refund: Stripe gets one refund, that amount, under the cancel key"
        )
        func partialRefund() async throws {
            try await Self.withStripe { store, stripe, gateway in
                // given an order a storefront placed, paid through Stripe
                let order = try await store.place(reference: "pi_3PartialRefund")
                stripe.addPaymentIntent("pi_3PartialRefund", amount: order.totals.total.minorUnits)
                let key = UUID().uuidString

                // when the manager cancels it, refunding $15.00, and the same form is sent again
                let flash = try await Self.cancel(store, order, amount: "15.00", key: key, through: gateway)
                let again = try await Self.cancel(store, order, amount: "15.00", key: key, through: gateway)

                // then Stripe received one refund of 1500 for the PaymentIntent, under the cancellation's key
                let refunds = stripe.requests(to: "/v1/refunds")
                #expect(refunds.count == 1)
                #expect(refunds.first?.form == ["payment_intent": "pi_3PartialRefund", "amount": "1500"])
                #expect(refunds.first?.idempotencyKey == "cancel-\(key)")
                #expect(stripe.refunds.map(\.amount) == [1_500])
                #expect(flash.contains("Refunded $15.00 to Visa •••• 4242."))
                #expect(again == flash)
                let detail = try await store.detail(order.number)
                #expect(detail.order.status == .cancelled)
                #expect(detail.order.paymentStatus == .partiallyRefunded)
                #expect(detail.refunds.map(\.state) == [.succeeded])
                #expect(detail.refunds.map(\.amount.minorUnits) == [1_500])
                #expect(detail.order.payment.refunded.minorUnits == 1_500)
            }
        }

        @Test(
            "a 500 at the cancel leaves a refund that may have gone through: retried under its key, Stripe refunds once"
        )
        func refundUnansweredAtCancel() async throws {
            let logs = LogCapture()
            try await Self.withStripe(logger: logs.logger) { store, stripe, gateway in
                let order = try await store.place(reference: "pi_3Unanswered")
                stripe.addPaymentIntent("pi_3Unanswered", amount: order.totals.total.minorUnits)
                let key = UUID().uuidString

                // when Stripe answers the cancellation's refund with a 500
                stripe.answerNext(.serverError)
                let flash = try await Self.cancel(
                    store, order, amount: "15.00", key: key, through: gateway, logger: logs.logger)

                // then the refund waits on a retry, and cannot be paid back another way, since Stripe may have made it
                #expect(flash.contains("The refund of $15.00 failed: Stripe had a problem (HTTP 500)"))
                let waiting = try await store.detail(order.number)
                #expect(waiting.refunds.map(\.state) == [.failed])
                #expect(waiting.order.issue?.kind == .refundFailed)
                #expect(waiting.order.issue?.providerMayHaveActed == true)
                #expect(OrderAction.markRefunded.availability(for: waiting.order) != .available)
                #expect(stripe.refunds.isEmpty)

                // when the manager retries it
                let refund = try #require(waiting.refunds.first)
                let retried = try await RetryRefund(
                    database: store.database, gateway: gateway, clock: .fixed(StripeStore.now), logger: logs.logger
                ).run(
                    number: order.number, refundID: refund.id, version: waiting.order.version,
                    idempotencyKey: UUID().uuidString,
                    staff: store.staff)

                // then Stripe was asked twice under the one key, and refunded once
                #expect(retried == "Refunded $15.00 to Visa •••• 4242.")
                #expect(stripe.requests(to: "/v1/refunds").map(\.idempotencyKey) == ["cancel-\(key)", "cancel-\(key)"])
                #expect(stripe.refunds.map(\.amount) == [1_500])
                let settled = try await store.detail(order.number)
                #expect(settled.refunds.map(\.state) == [.succeeded])
                #expect(settled.order.issue == nil)
                #expect(settled.order.paymentStatus == .partiallyRefunded)
            }
            #expect(logs.entries.contains { $0.level == .warning && $0.metadata["status"] == "500" })
            #expect(!logs.text.contains(FakeStripe.testSecretKey))
        }

        @Test(
            "a pending refund met by a 500 while the server runs stays pending, quietly; the resume settles it once"
        )
        func pendingRefundRecovered() async throws {
            try await Self.withStripe { store, stripe, gateway in
                // given a cancellation written, and the process stopped before its refund went out
                let order = try await store.place(reference: "pi_3Recovered")
                stripe.addPaymentIntent("pi_3Recovered", amount: order.totals.total.minorUnits)
                let key = "cancel-\(UUID().uuidString)"
                let request = OrderActionRequest(
                    orderNumber: order.number, expectedVersion: order.version, staffID: store.staff.id,
                    actor: store.staff.name,
                    idempotency: IdempotencyClaim(key: key, staffID: store.staff.id, fingerprint: "stopped"),
                    now: StripeStore.now)
                _ = try await store.database.applyOrderAction(request) { snapshot in
                    try Decide.cancel(StripeStore.cancellation(refunding: "15.00"), on: snapshot, paymentKey: key)
                }
                let later = AppClock.fixed(StripeStore.now.addingTimeInterval(600))
                let payments = PaymentCalls(database: store.database, gateway: gateway, clock: later, logger: H.quiet)
                let before = try await store.detail(order.number)

                // when the running server asks again while Stripe answers 500
                stripe.answerNext(.serverError)
                let settledWhileDown = try await payments.resumeAbandoned(olderThan: 120)

                // then nothing changed: the refund is pending, the timeline quiet
                #expect(settledWhileDown == 0)
                #expect(try await store.detail(order.number) == before)
                #expect(try await store.database.pendingPaymentCalls().map(\.idempotencyKey) == [key])

                // when it asks again with Stripe back
                let resumed = try await payments.resumePending()

                // then the refund is made once, under its key
                #expect(resumed == 1)
                #expect(stripe.requests(to: "/v1/refunds").map(\.idempotencyKey) == [key, key])
                #expect(stripe.refunds.map(\.amount) == [1_500])
                let detail = try await store.detail(order.number)
                #expect(detail.refunds.map(\.state) == [.succeeded])
                #expect(detail.order.paymentStatus == .partiallyRefunded)
                #expect(try await store.database.pendingPaymentCalls().isEmpty)
            }
        }

        @Test(
            "a new pm_ recorded; the retry meets a 500 and stays pending; the recovery charges that method once"
        )
        func chargeRetryRecovered() async throws {
            let logs = LogCapture()
            try await Self.withStripe(logger: logs.logger) { store, stripe, gateway in
                // given an order whose Stripe payment was declined at checkout
                let order = try await store.place(
                    reference: "pi_3Declined", status: "failed", failure: "Your card was declined.")
                stripe.addPaymentIntent(
                    "pi_3Declined", amount: order.totals.total.minorUnits, status: .requiresPaymentMethod)
                #expect(order.issue?.kind == .paymentFailed)
                let resolution = PaymentResolution(
                    database: store.database, gateway: gateway, clock: .fixed(StripeStore.now), logger: logs.logger)

                // when the manager records the customer's new PaymentMethod
                let recorded = try await resolution.updatePaymentMethod(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: store.staff,
                    choice: "pm_card_mastercard")

                // then the order keeps it for the next charge, and no longer shows the declined card
                #expect(
                    recorded
                        == "Payment method changed to Stripe payment method pm_card_mastercard. "
                        + "Retry the payment to charge it."
                )
                let withMethod = try await store.detail(order.number).order
                #expect(withMethod.payment.methodReference == "pm_card_mastercard")
                #expect(withMethod.payment.method == nil)
                #expect(stripe.requests.isEmpty)

                // when the retry meets a 500
                stripe.answerNext(.serverError)
                let key = UUID().uuidString
                let flash = try await resolution.retryPayment(
                    number: order.number, version: withMethod.version, key: key, staff: store.staff)

                // then the charge stays pending under its key
                #expect(flash.contains("The charge stays pending"))
                let pending = try #require(try await store.database.pendingPaymentCalls().first)
                #expect(pending.kind == .charge)
                #expect(pending.idempotencyKey == "charge-\(key)")
                #expect(pending.source.methodReference == "pm_card_mastercard")

                // when the recovery asks again, once the charge's lease has run out
                let payments = PaymentCalls(
                    database: store.database, gateway: gateway,
                    clock: .fixed(StripeStore.now.addingTimeInterval(PaymentCalls.lease + 1)), logger: logs.logger)
                #expect(try await payments.resumePending() == 1)

                // then Stripe confirmed once, with the new method, under the one key, and the order is paid
                let confirms = stripe.requests(to: "/v1/payment_intents/pi_3Declined/confirm")
                #expect(confirms.map(\.idempotencyKey) == ["charge-\(key)", "charge-\(key)"])
                #expect(confirms.map { $0.form["payment_method"] } == ["pm_card_mastercard", "pm_card_mastercard"])
                #expect(stripe.paymentIntent("pi_3Declined")?.status == .succeeded)
                let paid = try await store.detail(order.number).order
                #expect(paid.status == .processing)
                #expect(paid.paymentStatus == .paid)
                #expect(paid.issue == nil)
                #expect(paid.payment.captured == paid.totals.total)
            }
            #expect(logs.entries.contains { $0.metadata["status"] == "500" })
            #expect(!logs.text.contains(FakeStripe.testSecretKey))
        }

        @Test("a card Stripe declines on the retry fails the payment with Stripe's message in the issue")
        func chargeDeclined() async throws {
            try await Self.withStripe { store, stripe, gateway in
                let order = try await store.place(
                    reference: "pi_3StillDeclined", status: "failed", failure: "Your card was declined.")
                stripe.addPaymentIntent(
                    "pi_3StillDeclined", amount: order.totals.total.minorUnits, status: .requiresPaymentMethod)
                stripe.declineCharges(
                    paymentMethod: "pm_card_visa", declineCode: "insufficient_funds",
                    message: "Your card has insufficient funds.")
                let resolution = PaymentResolution(
                    database: store.database, gateway: gateway, clock: .fixed(StripeStore.now), logger: H.quiet)

                let flash = try await resolution.retryPayment(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: store.staff)

                #expect(flash.hasPrefix("The payment failed again: Your card has insufficient funds."))
                let failed = try await store.detail(order.number).order
                #expect(failed.issue?.kind == .paymentFailed)
                #expect(failed.issue?.code == "insufficient_funds")
                #expect(failed.issue?.message == "Your card has insufficient funds.")
                #expect(failed.paymentStatus == .failed)
            }
        }

        @Test(
            "without Stripe, a Stripe order's refund is sent nowhere and waits on a retry; with Stripe, it refunds once"
        )
        func stripeNotSetUp() async throws {
            try await Self.withStripe { store, stripe, gateway in
                let order = try await store.place(reference: "pi_3Later")
                stripe.addPaymentIntent("pi_3Later", amount: order.totals.total.minorUnits)
                let withoutStripe = PaymentGatewayRouter(simulated: NoSimulator(), stripe: nil, logger: H.quiet)
                let key = UUID().uuidString

                let flash = try await Self.cancel(store, order, amount: "15.00", key: key, through: withoutStripe)

                #expect(flash.contains("Stripe is not set up on this server"))
                #expect(stripe.requests.isEmpty)
                let waiting = try await store.detail(order.number)
                #expect(waiting.order.issue?.providerMayHaveActed == true)
                let refund = try #require(waiting.refunds.first)
                _ = try await RetryRefund(
                    database: store.database, gateway: gateway, clock: .fixed(StripeStore.now), logger: H.quiet
                ).run(
                    number: order.number, refundID: refund.id, version: waiting.order.version,
                    idempotencyKey: UUID().uuidString,
                    staff: store.staff)
                #expect(stripe.refunds.map(\.amount) == [1_500])
                #expect(stripe.refunds.map(\.idempotencyKey) == ["cancel-\(key)"])
            }
        }

        @Test(
            "a payment taken by hand is refunded by hand: the refund fails saying so, to be recorded as made elsewhere"
        )
        func manualRefund() async throws {
            try await Self.withStripe { store, stripe, gateway in
                let order = try await store.place(provider: "manual", reference: nil, status: "paid")

                let flash = try await Self.cancel(
                    store, order, amount: "15.00", key: UUID().uuidString, through: gateway)

                #expect(
                    flash.contains("This payment was taken outside any payment gateway, so Deskflow cannot refund it."))
                let detail = try await store.detail(order.number)
                #expect(detail.refunds.map(\.state) == [.failed])
                #expect(detail.order.issue?.code == PaymentGatewayRouter.manualPaymentCode)
                #expect(OrderAction.markRefunded.availability(for: detail.order) == .available)
                #expect(stripe.requests.isEmpty)
            }
        }
    }
}
