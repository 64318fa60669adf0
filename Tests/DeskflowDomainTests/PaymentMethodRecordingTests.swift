import Foundation
import Testing

@testable import DeskflowDomain

/// Recording a customer's new payment method: a Stripe PaymentMethod id for a Stripe payment, a listed card for a
/// simulated one, nothing for a payment taken by hand.
@Suite("Recording a new payment method")
struct PaymentMethodRecordingTests {
    static let listed = PaymentMethod(brand: "Mastercard", last4: "4444")
    static let notAnID =
        "Enter the id of the customer's payment method in Stripe: it starts with pm_, like pm_1Q0PsIJvEtkwdCNYJfTtuYaM."

    static func failedOrder(_ provider: PaymentProvider, methodReference: String? = nil) -> OrderSnapshot {
        var order = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        order.payment.provider = provider
        order.payment.reference = provider == .stripe ? "pi_3Checkout" : nil
        order.payment.methodReference = methodReference
        return OrderSnapshot(order: order, payments: [], refunds: [], onHand: [:])
    }

    @Test(
        "a Stripe PaymentMethod id is pm_ and then letters, digits or underscores, trimmed, at most 255 characters",
        arguments: [
            ("pm_1Q0PsIJvEtkwdCNYJfTtuYaM", "pm_1Q0PsIJvEtkwdCNYJfTtuYaM"), ("  pm_card_visa \t", "pm_card_visa"),
            ("pm_" + String(repeating: "a", count: 252), "pm_" + String(repeating: "a", count: 252)),
        ])
    func validReference(raw: String, value: String) throws {
        #expect(try StripePaymentMethodForm.validate(reference: raw).get() == value)
    }

    @Test(
        "anything else is refused beside the field, saying what is wrong",
        arguments: [
            ("", "Enter the stripe payment method."),
            (
                "pm_" + String(repeating: "a", count: 253),
                "The stripe payment method must be 255 characters or fewer; it has 256."
            ),
            ("pm_1\u{7}", "The stripe payment method contains characters that cannot be used."),
            ("pi_3Checkout", notAnID),
            ("pm_", notAnID),
            ("pm_1/../refunds", notAnID),
            ("4242 4242 4242 4242", notAnID),
            ("pm_é", notAnID),
        ])
    func invalidReference(raw: String, message: String) {
        #expect(
            StripePaymentMethodForm.validate(reference: raw)
                == .failure(FormErrors([FieldError(field: "payment_method", message: message)])))
    }

    @Test("a Stripe order keeps the pm_ id for the next charge, and forgets the old card's details")
    func stripeOrder() throws {
        let change = try Decide.recordPaymentMethod(" pm_card_mastercard ", listed: nil, on: Self.failedOrder(.stripe))
        #expect(change.paymentMethod == NewPaymentMethod(card: nil, reference: "pm_card_mastercard"))
        #expect(
            change.events == [
                EventEntry(
                    .paymentMethodUpdated,
                    "Payment method changed from Visa •••• 4242 to Stripe payment method pm_card_mastercard.")
            ])
        #expect(
            change.flash
                == "Payment method changed to Stripe payment method pm_card_mastercard. Retry the payment to charge it."
        )
        #expect(change.outgoingCall == nil)
    }

    @Test("a Stripe order refuses a choice from the simulator's list: only a pm_ id names a Stripe payment method")
    func stripeOrderRefusesListedChoice() {
        #expect(
            throws: OrderRefusal.invalid(
                FormErrors([
                    FieldError(
                        field: "payment_method",
                        message:
                            Self.notAnID
                    )
                ]))
        ) {
            try Decide.recordPaymentMethod("mastercard-4444", listed: Self.listed, on: Self.failedOrder(.stripe))
        }
    }

    @Test("a method recorded before by its id is what the timeline says it changed from")
    func stripeOrderChangedAgain() throws {
        let change = try Decide.recordPaymentMethod(
            "pm_card_amex", listed: nil, on: Self.failedOrder(.stripe, methodReference: "pm_card_visa"))
        #expect(
            change.events.first?.summary
                == "Payment method changed from Visa •••• 4242 to Stripe payment method pm_card_amex.")
        var known = Self.failedOrder(.stripe, methodReference: "pm_card_visa").order.payment
        known.method = nil
        #expect(known.methodLabel == "Stripe payment method pm_card_visa")
    }

    @Test("a simulated order takes a card from the list, and refuses anything not on it, a pm_ id included")
    func simulatedOrder() throws {
        let change = try Decide.recordPaymentMethod(
            "mastercard-4444", listed: Self.listed, on: Self.failedOrder(.simulated))
        #expect(change.paymentMethod == .card(Self.listed))
        #expect(
            change.events.first?.summary == "Payment method changed from Visa •••• 4242 to Mastercard •••• 4444.")
        #expect(
            throws: OrderRefusal.invalid(
                FormErrors([FieldError(field: "payment_method", message: "Choose one of the listed payment methods.")]))
        ) {
            try Decide.recordPaymentMethod("pm_card_visa", listed: nil, on: Self.failedOrder(.simulated))
        }
    }

    @Test("a payment taken by hand has no method to charge: the manager marks it paid once the money arrives")
    func manualOrder() {
        #expect(
            throws: OrderRefusal.notAllowed(
                "This payment is taken outside any payment gateway, so there is no method to charge. "
                    + "Mark the order as paid once the money arrives."
            )
        ) {
            try Decide.recordPaymentMethod("visa-4242", listed: Self.listed, on: Self.failedOrder(.manual))
        }
    }

    @Test("an order whose payment has not failed takes no new method")
    func notFailed() {
        var snapshot = Self.failedOrder(.stripe)
        snapshot.order.issue = nil
        #expect(throws: OrderRefusal.notAllowed("The payment has not failed.")) {
            try Decide.recordPaymentMethod("pm_card_visa", listed: nil, on: snapshot)
        }
    }
}
