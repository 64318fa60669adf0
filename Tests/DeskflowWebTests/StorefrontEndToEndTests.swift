import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import DeskflowProviders
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Issue 14's "done when", end to end over real HTTP on every side: a storefront places an order with its token and a
/// Stripe PaymentIntent, a manager cancels it with a partial refund in the admin, the fake Stripe gets exactly one
/// refund of that amount under the cancellation's key, and the storefront receives the signed events.
@Suite("A real store, end to end")
struct StorefrontEndToEndTests {
    @Test("API order → partial refund at cancel → one Stripe refund with its key → signed order.cancelled and order.refunded")
    func placeCancelRefundHear() async throws {
        let stripe = FakeStripe()
        let stripeBase = try await stripe.start()
        let receiver = WebhookReceiver(secret: StorefrontWebhookTests.secret)
        let seeded = try await TestApp.make()
        let token = try await StorefrontAPITests.token(seeded)
        stripe.addPaymentIntent("pi_3QendToEnd0001", amount: 4388)
        let stripeKey = try #require(StripeSecretKey(FakeStripe.testSecretKey))

        try await StripeGateway.withGateway(StripeConfiguration(apiBase: stripeBase, secretKey: stripeKey), logger: Logger(label: "e2e")) { gateway in
            try await StorefrontWebhookTests.withWebhooks(seeded.configured { $0.stripeGateway = gateway }, receiver: receiver) { app in
                try await app.run(.live) { client in
                    // 1. The storefront places the order it took, with Stripe's PaymentIntent.
                    let body = StorefrontAPITests.body { body in
                        body["payment"] = [
                            "provider": "stripe", "reference": "pi_3QendToEnd0001", "status": "paid", "amount_minor": 4388,
                            "method": ["brand": "Visa", "last4": "4242"],
                        ]
                    }
                    let placed = try await client.execute(
                        uri: "/api/v1/orders", method: .post, headers: StorefrontAPITests.headers(token: token), body: body) { $0 }
                    #expect(placed.status == .created)
                    let number = try #require(try StorefrontAPITests.json(placed)["number"] as? Int)

                    // 2. A manager cancels it in the admin with a partial refund of $15.00.
                    let cookie = try await client.signIn()
                    let page = try await client.get("/orders/\(number)/cancel", cookie: cookie)
                    #expect(page.html.contains("role=\"dialog\""))
                    let cancelled = try await client.post(
                        "/orders/\(number)/cancel", cookie: cookie,
                        form: CancelOrderTests.form(["refund_amount": "15.00", "idempotency_key": "end-to-end-cancel"]))
                    #expect(cancelled.status == .seeOther)

                    // 3. Stripe received exactly one refund, of that amount, under the cancellation's own key.
                    #expect(stripe.refunds.map(\.amount) == [1500])
                    let refundCalls = stripe.requests(to: "/v1/refunds")
                    #expect(refundCalls.count == 1)
                    #expect(refundCalls.first?.idempotencyKey == "cancel-end-to-end-cancel")
                    #expect(refundCalls.first?.form == ["payment_intent": "pi_3QendToEnd0001", "amount": "1500"])
                    #expect(refundCalls.first?.authorization == "Bearer \(FakeStripe.testSecretKey)")

                    let order = try StorefrontAPITests.json(try await client.execute(
                        uri: "/api/v1/orders/\(number)", method: .get, headers: StorefrontAPITests.headers(token: token, key: nil)) { $0 })
                    #expect(order["status"] as? String == "cancelled")
                    #expect(order["payment_status"] as? String == "partially_refunded")
                    #expect(order["refunded_minor"] as? Int == 1500)

                    // 4. The storefront hears both events, each signed with the shared secret.
                    try await app.deliveryWorker().deliverDue()
                    #expect(receiver.deliveries.map(\.type) == ["order.cancelled", "order.refunded"])
                    #expect(receiver.deliveries.allSatisfy { $0.signatureIsValid })
                    #expect(Set(receiver.deliveries.map(\.id)).count == 2)

                    // The same form sent again changes nothing: no second refund, no new event.
                    let again = try await client.post(
                        "/orders/\(number)/cancel", cookie: cookie,
                        form: CancelOrderTests.form(["refund_amount": "15.00", "idempotency_key": "end-to-end-cancel"]))
                    #expect(again.status == .seeOther)
                    try await app.deliveryWorker().deliverDue()
                    #expect(stripe.refunds.count == 1)
                    #expect(receiver.deliveries.count == 2)
                }
            }
        }
        await stripe.stop()
    }
}
