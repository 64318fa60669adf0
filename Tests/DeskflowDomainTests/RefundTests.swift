import Foundation
import Testing

@testable import DeskflowDomain

/// Refunds without cancelling: what the chosen lines and shipping come to, what the form accepts, and the change.
@Suite("Refund without cancelling")
struct RefundTests {
    static func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

    /// Three lines whose tax shares do not divide evenly: $10.00 × 3, $3.33 × 1, $0.01 × 5; subtotal $33.38, tax $2.67.
    static func threeLines(status: OrderStatus = .fulfilled, captured: Int64? = nil, refunded: Int64 = 0, pending: Int64 = 0) -> Order {
        var order = Order.fixture(status: status, fulfillment: status == .fulfilled ? .fulfilled : .unfulfilled)
        let lines = [
            LineItem(sku: "BOOK", name: "Book", quantity: 3, unitPrice: usd(1000)),
            LineItem(sku: "PEN", name: "Pen", quantity: 1, unitPrice: usd(333)),
            LineItem(sku: "CLIP", name: "Clip", quantity: 5, unitPrice: usd(1)),
        ]
        order.lines = lines
        order.totals = .forLines(lines, shipping: usd(500), tax: usd(267))
        let total = order.totals.total.minorUnits
        order.payment = PaymentSummary(
            method: PaymentMethod(brand: "Visa", last4: "4242"), authorized: usd(captured ?? total), captured: usd(captured ?? total),
            refunded: usd(refunded), pendingRefunds: usd(pending))
        return order
    }

    static func form(
        _ quantities: [String: String] = [:], shipping: Bool = false, amount: String = "", restock: Bool = false,
        reason: String = "damaged", note: String = "", notify: Bool = true
    ) -> RefundForm {
        RefundForm(
            quantities: quantities, refundShipping: shipping, refundAmount: amount, restock: restock, reason: reason, note: note,
            notifyCustomer: notify)
    }

    // MARK: Calculation

    @Test(
        "what the chosen units and shipping come to, each line's tax rounded half up",
        arguments: [
            // nothing chosen
            ([:], false, 0, 0, 0, 0),
            // one book: $10.00, tax 267 × 1000 / 3338 = 79.99 → 80
            (["BOOK": 1], false, 1000, 80, 0, 1080),
            // three books: 267 × 3000 / 3338 = 239.96 → 240
            (["BOOK": 3], false, 3000, 240, 0, 3240),
            // the pen: 267 × 333 / 3338 = 26.64 → 27
            (["PEN": 1], false, 333, 27, 0, 360),
            // one clip: 267 × 1 / 3338 = 0.08 → 0
            (["CLIP": 1], false, 1, 0, 0, 1),
            // five clips: 267 × 5 / 3338 = 0.40 → 0
            (["CLIP": 5], false, 5, 0, 0, 5),
            // shipping only: no tax on shipping
            ([:], true, 0, 0, 500, 500),
            // everything: each line rounded on its own (240 + 27 + 0 = 267, the whole tax)
            (["BOOK": 3, "PEN": 1, "CLIP": 5], true, 3338, 267, 500, 4105),
            // more than the line holds is never quoted past the line
            (["PEN": 4], false, 333, 27, 0, 360),
        ] as [([String: Int], Bool, Int64, Int64, Int64, Int64)])
    func quote(units: [String: Int], shipping: Bool, goods: Int64, tax: Int64, shippingMinor: Int64, total: Int64) {
        let quote = RefundQuote.of(units: units, shipping: shipping, on: Self.threeLines())
        #expect(quote.goods.minorUnits == goods)
        #expect(quote.tax.minorUnits == tax)
        #expect(quote.shipping.minorUnits == shippingMinor)
        #expect(quote.total.minorUnits == total)
    }

    @Test("a tax share of the largest amounts cannot overflow")
    func taxShareAtTheLimit() {
        let big = Int64.max / 4
        let totals = OrderTotals(subtotal: Self.usd(big), shipping: Self.usd(0), tax: Self.usd(big))
        #expect(RefundQuote.taxShare(of: Self.usd(big), totals: totals).minorUnits == big)
        #expect(RefundQuote.taxShare(of: Self.usd(big / 2), totals: totals).minorUnits == big / 2)
        // 267 × 1669 / 3338 = 133.5 exactly: half rounds up
        let half = OrderTotals(subtotal: Self.usd(3338), shipping: Self.usd(0), tax: Self.usd(267))
        #expect(RefundQuote.taxShare(of: Self.usd(1669), totals: half).minorUnits == 134)
    }

    @Test("Calculate never suggests more than can still be refunded")
    func calculatedAmountIsCapped() {
        let order = Self.threeLines(refunded: 4000)
        #expect(Self.form(["BOOK": "3"], shipping: true).calculatedAmount(for: order).minorUnits == 105)
        #expect(Self.form(["BOOK": "1"]).calculatedAmount(for: Self.threeLines()).minorUnits == 1080)
        // what does not parse is left out of the sum
        #expect(Self.form(["BOOK": "x", "PEN": "1"]).calculatedAmount(for: Self.threeLines()).minorUnits == 360)
    }

    // MARK: The form

    @Test(
        "amounts at their edges",
        arguments: [
            // the refundable amount exactly, nothing chosen: a goodwill refund
            ("", false, "41.05", 4105, nil),
            // one cent over what is refundable
            ("", false, "41.06", nil, "refund_amount"),
            // zero
            ("", false, "0", nil, "refund_amount"),
            // lowered below what the lines come to
            ("1", false, "5.00", 500, nil),
            // exactly what the lines come to
            ("1", false, "10.80", 1080, nil),
            // one cent over what the lines come to
            ("1", false, "10.81", nil, "refund_amount"),
            // blank with a line chosen: what it comes to
            ("1", false, "", 1080, nil),
            // blank and nothing chosen
            ("", false, "", nil, "refund_amount"),
            // not an amount
            ("", false, "ten", nil, "refund_amount"),
            ("", false, "-1", nil, "refund_amount"),
            // shipping and one book
            ("1", true, "", 1580, nil),
        ] as [(String, Bool, String, Int64?, String?)])
    func amounts(books: String, shipping: Bool, amount: String, refunded: Int64?, errorField: String?) {
        let result = Self.form(["BOOK": books], shipping: shipping, amount: amount).validate(for: Self.threeLines())
        switch result {
        case .success(let command):
            #expect(command.amount.minorUnits == refunded)
            #expect(errorField == nil)
        case .failure(let errors):
            #expect(refunded == nil)
            #expect(errors.errors.map(\.field) == [errorField])
        }
    }

    @Test(
        "quantities: a whole number up to what is not yet refunded",
        arguments: [
            ("0", true), ("3", true), ("", true), (" 2 ", true),
            ("4", false), ("-1", false), ("1.5", false), ("two", false), ("1e1", false), ("9999999999", false),
        ])
    func quantities(typed: String, accepted: Bool) {
        let result = Self.form(["BOOK": typed], amount: "1.00").validate(for: Self.threeLines())
        if accepted {
            #expect((try? result.get()) != nil)
        } else {
            guard case .failure(let errors) = result else { Issue.record("accepted \(typed)"); return }
            #expect(errors.errors.map(\.field) == ["refund_quantity_BOOK"])
        }
    }

    @Test("units refunded before are not refunded again")
    func refundedUnitsAreLeftOut() {
        var order = Self.threeLines()
        order.lines[0].refundedQuantity = 2
        guard case .failure(let errors) = Self.form(["BOOK": "2"]).validate(for: order) else {
            Issue.record("accepted two books when one is left"); return
        }
        #expect(errors.message(for: "refund_quantity_BOOK") == "Only 1 of Book can be refunded (2 already refunded); enter 1 or fewer.")
        #expect((try? Self.form(["BOOK": "1"]).validate(for: order).get())?.amount.minorUnits == 1080)
    }

    @Test("the shipping charge is refunded once")
    func shippingOnce() {
        var order = Self.threeLines()
        order.shippingRefunded = true
        guard case .failure(let errors) = Self.form(shipping: true).validate(for: order) else {
            Issue.record("refunded shipping twice"); return
        }
        #expect(errors.message(for: "refund_shipping") == "The shipping charge has already been refunded.")
    }

    @Test(
        "restock only for goods that shipped",
        arguments: [(OrderStatus.fulfilled, true), (.processing, false), (.cancelled, false)])
    func restock(status: OrderStatus, allowed: Bool) {
        let result = Self.form(["BOOK": "1"], restock: true).validate(for: Self.threeLines(status: status))
        if allowed {
            #expect((try? result.get())?.restockedUnits == 1)
        } else {
            guard case .failure(let errors) = result else { Issue.record("restocked an order that did not ship"); return }
            #expect(errors.errors.map(\.field) == ["restock"])
        }
    }

    @Test("a reason is required and the note has a limit")
    func reasonAndNote() {
        guard case .failure(let errors) = Self.form(amount: "1", reason: "", note: String(repeating: "n", count: 501))
            .validate(for: Self.threeLines())
        else { Issue.record("accepted"); return }
        #expect(errors.errors.map(\.field) == ["reason", "note"])
        #expect((try? Self.form(amount: "1", note: String(repeating: "n", count: 500)).validate(for: Self.threeLines()).get()) != nil)
    }

    // MARK: Availability

    @Test(
        "who can be refunded",
        arguments: [
            (OrderStatus.processing, PaymentStatus.paid, Int64(5200), Int64(0), Int64(0), true),
            (.fulfilled, .paid, 5200, 0, 0, true),
            (.cancelled, .partiallyRefunded, 5200, 1000, 0, true),
            // nothing captured
            (.pending, .authorized, 0, 0, 0, false),
            (.pending, .failed, 0, 0, 0, false),
            // everything already back, or on its way
            (.fulfilled, .refunded, 5200, 5200, 0, false),
            (.fulfilled, .paid, 5200, 0, 5200, false),
            // one cent left
            (.fulfilled, .partiallyRefunded, 5200, 5199, 0, true),
        ] as [(OrderStatus, PaymentStatus, Int64, Int64, Int64, Bool)])
    func availability(status: OrderStatus, payment: PaymentStatus, captured: Int64, refunded: Int64, pending: Int64, available: Bool) {
        let order = Order.fixture(status: status, payment: payment, captured: captured, refunded: refunded, pendingRefunds: pending)
        #expect((OrderAction.refund.availability(for: order) == .available) == available)
    }

    // MARK: The change

    @Test("a refund of a fulfilled order's lines, restocked and told")
    func decide() throws {
        let order = Self.threeLines()
        let change = try Decide.refund(
            Self.form(["BOOK": "2", "CLIP": "1"], shipping: true, restock: true), on: OrderSnapshot(order: order), paymentKey: "refund-k")
        // 2 books 2000 + tax 160 (267 × 2000 / 3338 = 159.98), 1 clip 1 + tax 0, shipping 500
        #expect(change.newRefunds == [NewRefund(amount: Self.usd(2661), idempotencyKey: "refund-k", reason: .damaged, note: "")])
        #expect(change.outgoingCall?.amount == Self.usd(2661))
        #expect(change.outgoingCall?.idempotencyKey == "refund-k")
        #expect(change.outgoingCall?.kind == .refund)
        #expect(change.refundedUnits == ["BOOK": 2, "CLIP": 1])
        #expect(change.refundsShipping)
        #expect(change.stock.map { "\($0.sku) \($0.onHandChange) \($0.committedChange)" } == ["BOOK 2 0", "CLIP 1 0"])
        #expect(change.status == nil && change.paymentStatus == nil && change.issue == .keep)
        #expect(change.events.map(\.kind) == [.refundRequested, .itemsRestocked, .customerNotified])
        #expect(change.events.first?.summary == "Refund of $26.61 requested: Item arrived damaged (3 items, shipping).")
        #expect(change.message?.kind == .refundIssued)
        #expect(change.message?.subject == "A refund of $26.61 for your order #1001")
        #expect(change.message?.body.contains("- 2 × Book\n- 1 × Clip\n- Shipping") == true)
        #expect(change.flash == "The refund of $26.61 is being processed. 3 items put back in stock. Customer notified.")
    }

    @Test("a refund is refused when nothing is left to refund, and on a bad form")
    func refusals() {
        let spent = Order.fixture(status: .fulfilled, payment: .refunded, refunded: 5200)
        #expect(throws: OrderRefusal.notAllowed("Everything charged has already been refunded.")) {
            try Decide.refund(Self.form(amount: "1"), on: OrderSnapshot(order: spent), paymentKey: "k")
        }
        #expect(throws: OrderRefusal.self) {
            try Decide.refund(Self.form(amount: "99"), on: OrderSnapshot(order: Self.threeLines()), paymentKey: "k")
        }
    }

    @Test("a second refund sees what the first is refunding")
    func pendingRefundsCount() {
        // $41.05 captured, $30.00 pending: $11.05 left
        let order = Self.threeLines(pending: 3000)
        guard case .failure(let errors) = Self.form(amount: "11.06").validate(for: order) else { Issue.record("over-refunded"); return }
        #expect(errors.message(for: "refund_amount") == "The most that can be refunded is $11.05; enter that or less.")
        #expect((try? Self.form(amount: "11.05").validate(for: order).get()) != nil)
    }

    @Test("the money settles like any refund: partially refunded, then refunded")
    func settles() throws {
        let order = Self.threeLines(pending: 1000)
        let call = PaymentCall(kind: .refund, orderNumber: 1001, amount: Self.usd(1000), idempotencyKey: "k", source: order.payment.source)
        let snapshot = OrderSnapshot(order: order, refunds: [RefundRow(id: 1, amount: Self.usd(1000), state: .pending, idempotencyKey: "k")])
        let ok = GatewayOutcome(succeeded: true, reference: "r", failureCode: nil, failureMessage: nil)
        #expect(Decide.settle(call, answer: ok, on: snapshot, now: Date())?.paymentStatus == .partiallyRefunded)
        let declined = GatewayOutcome(succeeded: false, reference: nil, failureCode: "account_closed", failureMessage: "Closed.")
        let failed = Decide.settle(call, answer: declined, on: snapshot, now: Date())
        guard case .open(let issue) = failed?.issue else { Issue.record("no issue opened"); return }
        #expect(issue.kind == .refundFailed)
    }
}

extension RefundTests {
    @Test("a failed refund still owed is kept out of what a new refund may take, so its retry cannot over-refund")
    func failedRefundsAreOwed() {
        var order = Self.threeLines()
        order.payment.failedRefunds = Self.usd(4000)
        // $41.05 captured, $40.00 owed by a failed refund: $1.05 left
        guard case .failure(let errors) = Self.form(amount: "1.06").validate(for: order) else { Issue.record("over-refunded"); return }
        #expect(errors.message(for: "refund_amount") == "The most that can be refunded is $1.05; enter that or less.")
        order.payment.failedRefunds = Self.usd(4105)
        #expect(
            OrderAction.refund.availability(for: order)
                == .unavailable("What is left is owed by a refund that failed: retry it, or record it as made another way."))
        // a cancellation replaces failed refunds, so it may still refund it all
        #expect(order.payment.refundable == Self.usd(4105))
    }
}
