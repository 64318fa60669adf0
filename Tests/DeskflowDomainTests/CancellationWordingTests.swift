import Testing

@testable import DeskflowDomain

/// The sentences of a cancellation: the dialog's summary line, the flash message and the customer's email.
@Suite("Cancellation wording")
struct CancellationWordingTests {
    static func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

    /// Order #1001 of the issue: $52.00 captured, three items, Jane's email, a Visa ending 4242.
    static func order(card: PaymentMethod? = PaymentMethod(brand: "Visa", last4: "4242")) -> Order {
        var order = Order.fixture(number: 1001, captured: 5200)
        order.lines = [
            LineItem(sku: "MUG-01", name: "Mug", quantity: 2, unitPrice: usd(1200)),
            LineItem(sku: "TEE-01", name: "Tee", quantity: 1, unitPrice: usd(1600)),
        ]
        order.totals = .forLines(order.lines, shipping: usd(800), tax: usd(400))
        order.payment.method = card
        return order
    }

    static func command(
        _ refund: RefundPlan, restock: Bool = true, notify: Bool = true, reason: CancelReason = .customer,
        note: String = ""
    ) -> CancellationCommand {
        CancellationCommand(reason: reason, note: note, refund: refund, restock: restock, notifyCustomer: notify)
    }

    // MARK: Summary

    @Test("the summary line reads exactly as in the issue")
    func summaryOfTheIssue() {
        let order = Self.order()
        #expect(order.totals.total == Self.usd(5200))
        #expect(order.itemCount == 3)

        let summary = CancellationWording.summary(Self.command(.refund(Self.usd(4000))), order: order)

        #expect(summary == "Cancel order #1001, refund $40.00 of $52.00, restock 3 items, email jane@example.com")
    }

    @Test(
        "the summary line says what happens to the money, the stock and the customer",
        arguments: [
            (
                RefundPlan.voidAuthorization(usd(5200)), true, true,
                "Cancel order #1001, void the authorization of $52.00, restock 3 items, email jane@example.com"
            ),
            (
                .noRefund, false, false,
                "Cancel order #1001, no refund, do not restock 3 items, do not email the customer"
            ),
            (
                .nothingToRefund, true, false,
                "Cancel order #1001, nothing to refund, restock 3 items, do not email the customer"
            ),
            (
                .refund(usd(5200)), false, true,
                "Cancel order #1001, refund $52.00 of $52.00, do not restock 3 items, email jane@example.com"
            ),
        ]
    )
    func summaryVariants(plan: RefundPlan, restock: Bool, notify: Bool, expected: String) {
        let summary = CancellationWording.summary(
            Self.command(plan, restock: restock, notify: notify), order: Self.order())
        #expect(summary == expected)
    }

    @Test("one unit is one item, and the refundable amount already leaves out earlier refunds")
    func summarySingularAndPartlyRefunded() {
        var order = Self.order()
        order.lines = [LineItem(sku: "MUG-01", name: "Mug", quantity: 1, unitPrice: Self.usd(1200))]
        order.payment.refunded = Self.usd(1200)

        let summary = CancellationWording.summary(Self.command(.refund(Self.usd(1000))), order: order)

        #expect(summary == "Cancel order #1001, refund $10.00 of $40.00, restock 1 item, email jane@example.com")
    }

    // MARK: Flash

    static let declined = "The issuer declined the refund: the card account is closed."

    @Test(
        "the flash says what happened for every refund plan and outcome",
        arguments: [
            (
                RefundPlan.refund(usd(4000)), MoneyOutcome.succeeded,
                "Order #1001 cancelled. Refunded $40.00 to Visa •••• 4242."
            ),
            (
                .refund(usd(4000)), .failed(declined),
                "Order #1001 cancelled. The refund of $40.00 failed: \(declined) Retry it from the order’s menu."
            ),
            (.refund(usd(4000)), .pending, "Order #1001 cancelled. The refund of $40.00 is being processed."),
            (.voidAuthorization(usd(5200)), .succeeded, "Order #1001 cancelled. Released the authorization of $52.00."),
            (
                .voidAuthorization(usd(5200)), .failed("No open authorization."),
                "Order #1001 cancelled. Releasing the authorization of $52.00 failed: No open authorization."
            ),
            (
                .voidAuthorization(usd(5200)), .pending,
                "Order #1001 cancelled. The authorization of $52.00 is being released."
            ),
            (.noRefund, .succeeded, "Order #1001 cancelled. No refund issued."),
            (.noRefund, .failed("ignored"), "Order #1001 cancelled. No refund issued."),
            (.noRefund, .pending, "Order #1001 cancelled. No refund issued."),
            (.nothingToRefund, .succeeded, "Order #1001 cancelled."),
            (.nothingToRefund, .failed("ignored"), "Order #1001 cancelled."),
            (.nothingToRefund, .pending, "Order #1001 cancelled."),
        ]
    )
    func flash(plan: RefundPlan, outcome: MoneyOutcome, withoutNotice: String) {
        let order = Self.order()

        let silent = CancellationWording.flash(Self.command(plan, notify: false), order: order, outcome: outcome)
        let notified = CancellationWording.flash(Self.command(plan, notify: true), order: order, outcome: outcome)

        #expect(silent == withoutNotice)
        #expect(notified == withoutNotice + " Customer notified.")
    }

    @Test("the flash of the issue, word for word")
    func flashOfTheIssue() {
        let flash = CancellationWording.flash(
            Self.command(.refund(Self.usd(4000))), order: Self.order(), outcome: .succeeded)
        #expect(flash == "Order #1001 cancelled. Refunded $40.00 to Visa •••• 4242. Customer notified.")
    }

    @Test("without a card on file the refund goes to the customer")
    func flashWithoutCard() {
        let flash = CancellationWording.flash(
            Self.command(.refund(Self.usd(4000)), notify: false), order: Self.order(card: nil), outcome: .succeeded)
        #expect(flash == "Order #1001 cancelled. Refunded $40.00 to the customer.")
    }

    // MARK: Customer message

    @Test("each reason has its own explanation for the customer")
    func explanationsDiffer() {
        let explanations = CancelReason.allCases.map(CancellationWording.customerExplanation)
        #expect(Set(explanations).count == CancelReason.allCases.count)
        #expect(explanations.allSatisfy { !$0.isEmpty && $0.hasSuffix(".") })
    }

    @Test(
        "the customer's email explains the reason, lists the items and states the refund and the card",
        arguments: CancelReason.allCases)
    func customerMessage(reason: CancelReason) {
        // given
        let command = Self.command(.refund(Self.usd(4000)), reason: reason)

        // when
        let message = CancellationWording.customerMessage(command, order: Self.order())

        // then
        #expect(message.subject == "Your order #1001 has been cancelled")
        #expect(message.body.hasPrefix("Hello Jane Doe,\n\n\(CancellationWording.customerExplanation(reason))\n"))
        #expect(message.body.contains("- 2 × Mug\n- 1 × Tee"))
        #expect(message.body.contains("We are refunding $40.00 to Visa •••• 4242."))
    }

    @Test(
        "the customer's email says what happens to the money in every plan",
        arguments: [
            (
                RefundPlan.voidAuthorization(usd(5200)),
                "The hold of $52.00 on Visa •••• 4242 has been released; you have not been charged."
            ),
            (.nothingToRefund, "You have not been charged for this order."),
            (.noRefund, "No refund is being issued for this order. If you think this is wrong, reply to this email."),
        ]
    )
    func customerMessageMoney(plan: RefundPlan, sentence: String) {
        let message = CancellationWording.customerMessage(Self.command(plan), order: Self.order())
        #expect(message.body.contains(sentence))
        #expect(!message.body.contains("We are refunding"))
    }

    @Test("without a card on file the refund goes to the original payment method")
    func customerMessageWithoutCard() {
        let message = CancellationWording.customerMessage(
            Self.command(.refund(Self.usd(4000))), order: Self.order(card: nil))
        #expect(message.body.contains("We are refunding $40.00 to your original payment method."))
    }

    @Test(
        "the staff note is never put in the customer's email",
        arguments: ["<script>alert('x')</script>", "Customer is a known fraudster", "Refund held back: <b>policy</b>"]
    )
    func noteStaysInternal(note: String) {
        let message = CancellationWording.customerMessage(
            Self.command(.refund(Self.usd(4000)), reason: .fraud, note: note), order: Self.order())

        #expect(!message.body.contains(note))
        #expect(!message.subject.contains(note))
        #expect(!message.body.contains("<script>"))
        #expect(!message.body.contains("<b>"))
    }
}
