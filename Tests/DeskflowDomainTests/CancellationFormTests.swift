import Testing

@testable import DeskflowDomain

/// The cancel dialog's fields turned into a command, or every problem with them at once.
@Suite("Cancellation form")
struct CancellationFormTests {
    static func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

    static func form(
        amount: String = "52.00", issueRefund: Bool = true, restock: Bool = true, notify: Bool = true,
        reason: String = "customer", note: String = ""
    ) -> CancellationForm {
        CancellationForm(
            refundAmount: amount, issueRefund: issueRefund, restock: restock, notifyCustomer: notify, reason: reason,
            note: note)
    }

    /// An order whose card was only authorized: nothing captured, the whole total held.
    static func authorizedOnly(held: Int64 = 5200) -> Order {
        var order = Order.fixture(payment: .authorized, captured: 0)
        order.payment.authorized = usd(held)
        return order
    }

    static func errors(_ result: Result<CancellationCommand, FormErrors>) -> [FieldError] {
        guard case .failure(let errors) = result else { return [] }
        return errors.errors
    }

    static func command(_ result: Result<CancellationCommand, FormErrors>) -> CancellationCommand? {
        guard case .success(let command) = result else { return nil }
        return command
    }

    // MARK: Refund amount

    @Test(
        "refuses a refund amount that is not a usable amount, saying what is wrong",
        arguments: [
            ("", MoneyParseError.empty.message),
            ("   ", MoneyParseError.empty.message),
            ("abc", MoneyParseError.notANumber.message),
            ("-5", MoneyParseError.negative.message),
            ("1e3", MoneyParseError.exponent.message),
            ("12.345", MoneyParseError.tooManyDecimals(.usd).message),
            ("$40", MoneyParseError.notANumber.message),
            ("52.01", "The most that can be refunded is $52.00; enter that or less."),
            ("100", "The most that can be refunded is $52.00; enter that or less."),
            ("0", "Enter an amount more than $0.00, or untick Issue refund."),
            ("0.00", "Enter an amount more than $0.00, or untick Issue refund."),
        ]
    )
    func refusedAmounts(amount: String, message: String) {
        // given a paid order with $52.00 captured and nothing refunded
        let order = Order.fixture(captured: 5200)

        // when
        let result = Self.form(amount: amount).validate(for: order)

        // then
        #expect(Self.errors(result) == [FieldError(field: "refund_amount", message: message)])
    }

    @Test(
        "accepts any amount from one cent up to exactly what is refundable",
        arguments: [
            ("52.00", 5200), ("52", 5200), ("51.99", 5199), ("40", 4000), (" 40.00 ", 4000), ("0.01", 1),
            ("0.5", 50),
        ] as [(String, Int64)]
    )
    func acceptedAmounts(amount: String, cents: Int64) {
        // given
        let order = Order.fixture(captured: 5200)

        // when
        let command = Self.command(Self.form(amount: amount).validate(for: order))

        // then
        #expect(command?.refund == .refund(Self.usd(cents)))
    }

    @Test("accepts thousands separators on a big order, and refuses one cent over its refundable amount")
    func groupedAmountOnBigOrder() {
        // given an order with $1,234.56 captured
        let order = Order.fixture(captured: 123_456)

        // when
        let exact = Self.form(amount: "1,234.56").validate(for: order)
        let over = Self.form(amount: "1,234.57").validate(for: order)

        // then
        #expect(Self.command(exact)?.refund == .refund(Self.usd(123_456)))
        #expect(Self.errors(over).map(\.message) == ["The most that can be refunded is $1,234.56; enter that or less."])
    }

    @Test(
        "refundable takes what was refunded and what is being refunded into account",
        arguments: [
            (1200, 0, 4000), (0, 1000, 4200), (1200, 1000, 3000), (5000, 199, 1),
        ] as [(Int64, Int64, Int64)]
    )
    func refundableAfterEarlierRefunds(refunded: Int64, pending: Int64, refundable: Int64) {
        // given
        let order = Order.fixture(captured: 5200, refunded: refunded, pendingRefunds: pending)
        let exactly = Self.usd(refundable).plainAmount
        let oneCentOver = Self.usd(refundable + 1).plainAmount

        // when
        let accepted = Self.form(amount: exactly).validate(for: order)
        let refused = Self.form(amount: oneCentOver).validate(for: order)

        // then
        #expect(Self.command(accepted)?.refund == .refund(Self.usd(refundable)))
        #expect(
            Self.errors(refused) == [
                FieldError(
                    field: "refund_amount",
                    message: "The most that can be refunded is \(Self.usd(refundable).formatted); enter that or less.")
            ])
    }

    @Test(
        "unticking Issue refund keeps the money, whatever the amount says",
        arguments: ["", "abc", "-5", "1e3", "999999", "40.00", "0"]
    )
    func unticked(amount: String) {
        let order = Order.fixture(captured: 5200)

        let command = Self.command(Self.form(amount: amount, issueRefund: false).validate(for: order))

        #expect(command?.refund == .noRefund)
    }

    @Test(
        "with nothing captured there is nothing to refund, and the amount is not looked at",
        arguments: [
            (OrderStatus.pending, PaymentStatus.pending, "abc", true),
            (.pending, .pending, "52.00", true),
            (.pending, .failed, "-5", true),
            (.pending, .failed, "", false),
        ]
    )
    func nothingCaptured(status: OrderStatus, payment: PaymentStatus, amount: String, issueRefund: Bool) {
        // given an order that was never paid
        let order = Order.fixture(status: status, payment: payment, captured: 0)

        // when
        let command = Self.command(Self.form(amount: amount, issueRefund: issueRefund).validate(for: order))

        // then
        #expect(command?.refund == .nothingToRefund)
    }

    @Test("a fully refunded order has nothing left to refund", arguments: [true, false])
    func fullyRefunded(issueRefund: Bool) {
        let order = Order.fixture(payment: .refunded, captured: 5200, refunded: 5200)

        let command = Self.command(Self.form(amount: "52.00", issueRefund: issueRefund).validate(for: order))

        #expect(command?.refund == .nothingToRefund)
    }

    @Test(
        "an order that is only authorized is cancelled by voiding the whole authorization",
        arguments: ["", "abc", "10.00"])
    func authorizedOnly(amount: String) {
        // given
        let order = Self.authorizedOnly(held: 5200)

        // when
        let command = Self.command(Self.form(amount: amount).validate(for: order))

        // then
        #expect(command?.refund == .voidAuthorization(Self.usd(5200)))
    }

    @Test("the dialog opens with the full refundable amount, and refund ticked only when something is refundable")
    func defaults() {
        let partlyRefunded = CancellationForm.defaults(
            for: Order.fixture(payment: .partiallyRefunded, captured: 5200, refunded: 1200))
        #expect(
            partlyRefunded
                == CancellationForm(
                    refundAmount: "40.00", issueRefund: true, restock: true, notifyCustomer: true, reason: "", note: "")
        )

        let unpaid = CancellationForm.defaults(for: Order.fixture(status: .pending, payment: .pending, captured: 0))
        #expect(unpaid.refundAmount == "0.00")
        #expect(unpaid.issueRefund == false)
    }

    // MARK: Reason and note

    @Test("every reason of the list is accepted", arguments: CancelReason.allCases)
    func knownReasons(reason: CancelReason) {
        let command = Self.command(Self.form(reason: reason.rawValue).validate(for: .fixture()))
        #expect(command?.reason == reason)
    }

    @Test(
        "a missing or unknown reason is refused",
        arguments: ["", "CUSTOMER", " customer", "customer ", "refund", "Customer changed or cancelled order", "0"]
    )
    func unknownReasons(reason: String) {
        let result = Self.form(reason: reason).validate(for: .fixture())
        #expect(
            Self.errors(result) == [FieldError(field: "reason", message: "Choose why the order is being cancelled.")])
    }

    @Test("a staff note of 500 characters is kept as typed", arguments: ["a", "é", "👍🏽", "<"])
    func noteAtLimit(character: String) {
        let note = String(repeating: character, count: 500)

        let command = Self.command(Self.form(note: note).validate(for: .fixture()))

        #expect(command?.note == note)
    }

    @Test("a staff note of 501 characters is refused, and the message gives the count")
    func noteOverLimit() {
        let note = String(repeating: "n", count: 501)

        let result = Self.form(note: note).validate(for: .fixture())

        #expect(
            Self.errors(result) == [
                FieldError(
                    field: "note", message: "The staff note must be 500 characters or fewer; it has 501.")
            ])
    }

    @Test("a note with markup is kept exactly as typed")
    func noteWithMarkup() {
        let note = "<script>alert('x')</script> & \"quoted\""
        let command = Self.command(Self.form(note: note).validate(for: .fixture()))
        #expect(command?.note == note)
    }

    // MARK: Together

    @Test("several problems are reported together, in the order of the fields")
    func severalErrors() {
        // given
        let form = Self.form(amount: "abc", reason: "", note: String(repeating: "x", count: 600))

        // when
        let result = form.validate(for: .fixture())

        // then
        #expect(Self.errors(result).map(\.field) == ["refund_amount", "reason", "note"])
        if case .failure(let errors) = result {
            #expect(errors.message(for: "reason") == "Choose why the order is being cancelled.")
            #expect(errors.message(for: "note")?.contains("600") == true)
            #expect(errors.message(for: "restock") == nil)
        }
    }

    @Test(
        "a valid form carries restock, notify and the note into the command",
        arguments: [
            (true, true), (true, false), (false, true), (false, false),
        ])
    func choicesCarriedOver(restock: Bool, notify: Bool) {
        let form = Self.form(
            amount: "12.50", restock: restock, notify: notify, reason: "inventory", note: "Shelf empty")

        let command = Self.command(form.validate(for: .fixture()))

        #expect(
            command
                == CancellationCommand(
                    reason: .inventory, note: "Shelf empty", refund: .refund(Self.usd(1250)), restock: restock,
                    notifyCustomer: notify))
    }
}
