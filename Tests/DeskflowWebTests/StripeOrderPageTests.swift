import DeskflowDomain
import DeskflowFakes
import DeskflowProviders
import DeskflowStore
import Foundation
import HummingbirdTesting
import Logging
import SnapshotTesting
import Testing

@testable import DeskflowWeb

/// A Stripe order's failed payment on the order page: the new payment method is typed as a Stripe PaymentMethod id,
/// and the retry charges it through Stripe.
@Suite("Stripe orders on the order page")
struct StripeOrderPageTests {
    @Test("the payment method dialog of a Stripe order asks for the PaymentMethod id, not a choice from a list")
    func dialog() async throws {
        let app = try await TestApp.make()
        let number = try await StripeOrderFixture.placeDeclined(app.database, intent: "pi_3DialogSnapshot")
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders/\(number)/payment/method", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("role=\"dialog\" aria-modal=\"true\""))
            #expect(response.html.contains("name=\"payment_method\""))
            #expect(!response.html.contains("<select"))
            assertSnapshot(of: response.html, as: .html, named: "stripe-payment-method")
        }
    }

    @Test(
        "anything but a pm_ id comes back beside the field, typed value kept, and nothing is saved",
        arguments: ["", "visa-4242", "4242424242424242", "pm_1/../x"])
    func invalid(value: String) async throws {
        let app = try await TestApp.make()
        let number = try await StripeOrderFixture.placeDeclined(app.database, intent: "pi_3Invalid")
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/payment/method", fields: ["payment_method": value])
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains("<p class=\"error\" id=\"payment_method-error\">"))
            #expect(response.html.contains(value.isEmpty ? "Enter the stripe payment method." : "it starts with pm_"))
            #expect(response.html.contains("value=\"\(value)\""))
        }
        await #expect(try await app.database.orderDetail(number: number) == before)
    }

    @Test("a pm_ id recorded in the dialog is what the retry confirms the PaymentIntent with, and the order is paid")
    func recordThenRetry() async throws {
        let app = try await TestApp.make()
        let number = try await StripeOrderFixture.placeDeclined(app.database, intent: "pi_3WebRetry")
        let order = try await #require(try await app.database.orderDetail(number: number)).order
        let stripe = FakeStripe()
        try await stripe.start()
        stripe.addPaymentIntent("pi_3WebRetry", amount: order.totals.total.minorUnits, status: .requiresPaymentMethod)
        var quiet = Logger(label: "stripe-web-test")
        quiet.logLevel = .critical
        let configuration = StripeConfiguration(
            apiBase: stripe.baseURL!, secretKey: StripeSecretKey(FakeStripe.testSecretKey)!)
        try await StripeGateway.withGateway(configuration, logger: quiet) { gateway in
            try await app.configured { $0.stripeGateway = gateway }.run { client in
                let cookie = try await client.signIn()
                let recorded = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: number, path: "/payment/method",
                    fields: ["payment_method": " pm_card_mastercard "])
                #expect(recorded.status == .seeOther)
                let page = try await client.get("/orders/\(number)", cookie: cookie).html
                #expect(page.contains("Stripe payment method pm_card_mastercard"))
                #expect(
                    page.contains(
                        "Payment method changed from Visa •••• 0341 to Stripe payment method pm_card_mastercard."))

                #expect(
                    try await FailedOrdersTests.post(client, cookie: cookie, number: number, path: "/payment/retry")
                        .status == .seeOther)
                #expect(
                    try await FailedOrdersTests.flash(client, cookie: cookie, number: number).contains(
                        "is now processing"))
            }
        }
        await stripe.stop()
        let confirms = stripe.requests(to: "/v1/payment_intents/pi_3WebRetry/confirm")
        #expect(confirms.count == 1)
        #expect(confirms.first?.form["payment_method"] == "pm_card_mastercard")
        #expect(confirms.first?.idempotencyKey?.hasPrefix("charge-") == true)
        let paid = try await #require(try await app.database.orderDetail(number: number)).order
        #expect(paid.state == OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: nil))
    }
}
