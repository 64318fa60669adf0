import Foundation
import Testing

@testable import DeskflowDomain

@Suite("Bulk actions")
struct BulkRulesTests {
    static func form(_ orders: [String], action: String = "retry", reason: String = "", restock: Bool = true, notify: Bool = true) -> BulkForm {
        BulkForm(orders: orders, action: action, reason: reason, restock: restock, notifyCustomer: notify)
    }

    static func command(_ action: BulkAction, reason: CancelReason? = nil) -> BulkCommand {
        BulkCommand(
            action: action, numbers: [1001], unreadable: [], cancelReason: reason, restock: action == .cancel,
            notifyCustomer: action == .cancel)
    }

    /// An order with a failure of `kind` and `code`, in the state that failure leaves it in.
    static func failed(_ kind: IssueKind, _ code: String, fixMade: Bool = false, cancelled: Bool = false) -> Order {
        var order = ResolutionRulesTests.failed(kind, code: code)
        order.issue?.message = "The card expired in 09/2026."
        order.issue?.fixMade = fixMade
        if cancelled { order.status = .cancelled }
        return order
    }

    // MARK: The form

    @Test(
        "a form that cannot run says what is wrong with each field, and nothing is done",
        arguments: [
            (form([]), ["orders": "Tick at least one order."]),
            (form((1...101).map(String.init)),
             ["orders": "Choose at most 100 orders at a time; 101 were ticked. Nothing was done."]),
            (form(["1001"], action: ""), ["action": "Choose Retry selected or Cancel selected."]),
            (form(["1001"], action: "delete"), ["action": "Choose Retry selected or Cancel selected."]),
            (form(["1001"], action: "cancel"), ["reason": "Choose a reason for cancelling."]),
            (form(["1001"], action: "cancel", reason: "bored"), ["reason": "Choose a reason for cancelling."]),
            (form([], action: ""), ["action": "Choose Retry selected or Cancel selected.", "orders": "Tick at least one order."]),
        ])
    func invalid(form: BulkForm, errors: [String: String]) {
        guard case .failure(let found) = BulkRules.validate(form) else {
            Issue.record("accepted \(form)")
            return
        }
        #expect(Dictionary(uniqueKeysWithValues: found.errors.map { ($0.field, $0.message) }) == errors)
    }

    @Test("exactly 100 orders are taken; numbers are read once each, with or without #, and other values are kept to report")
    func valid() throws {
        let hundred = try BulkRules.validate(Self.form((1...100).map(String.init))).get()
        #expect(hundred.numbers.count == 100)
        let mixed = try BulkRules.validate(Self.form(["1001", "#1002", "1001", " 1003 ", "abc", "", "12345678901234"])).get()
        #expect(mixed.numbers == [1001, 1002, 1003])
        #expect(mixed.unreadable == ["abc", "", "12345678901234"])
        #expect(mixed.action == .retry)
        #expect(!mixed.restock && !mixed.notifyCustomer && mixed.cancelReason == nil, "a retry ignores the cancel fields")
        let cancel = try BulkRules.validate(Self.form(["1001"], action: "cancel", reason: "staff", restock: false)).get()
        #expect(cancel.cancelReason == .staff)
        #expect(!cancel.restock && cancel.notifyCustomer)
    }

    @Test("the same request always fingerprints the same, and another request differently")
    func fingerprint() throws {
        let first = try BulkRules.validate(Self.form(["1001", "1002"])).get()
        let again = try BulkRules.validate(Self.form(["1001", "1002"])).get()
        let cancel = try BulkRules.validate(Self.form(["1001", "1002"], action: "cancel", reason: "staff")).get()
        let fewer = try BulkRules.validate(Self.form(["1001"])).get()
        #expect(first.fingerprintValues == again.fingerprintValues)
        #expect(first.fingerprintValues != cancel.fingerprintValues)
        #expect(first.fingerprintValues != fewer.fingerprintValues)
    }

    // MARK: What each order gets

    @Test(
        "what a bulk retry does to each order as it stands",
        arguments: [
            (Order?.none, BulkStep.skip("There is no order #1001.")),
            (Order.fixture(), .skip("Nothing has failed, so there is nothing to retry.")),
            (Order.fixture(status: .cancelled), .skip("The order is cancelled and nothing has failed.")),
            (failed(.paymentFailed, "insufficient_funds"), .run(.retryPayment)),
            (failed(.paymentFailed, OrderIssue.noAnswerCode), .run(.retryPayment)),
            (failed(.paymentFailed, "expired_card"),
             .skip("It needs a fix first (Ask customer for a new payment method): The card expired in 09/2026; a retry will likely be declined again.")),
            (failed(.paymentFailed, "expired_card", fixMade: true), .run(.retryPayment)),
            (failed(.processingError, "warehouse_timeout"), .run(.retryProcessing)),
            (failed(.processingError, "missing_postal_code"),
             .skip("It needs a fix first (Edit shipping address): The card expired in 09/2026; a retry will likely fail again.")),
            (failed(.fulfillmentFailed, "stock_unavailable"), .run(.retryFulfillment)),
            (failed(.fulfillmentFailed, "address_undeliverable", fixMade: true), .run(.retryFulfillment)),
            (failed(.refundFailed, "gateway_unavailable"), .run(.retryRefund)),
            (failed(.refundFailed, "refund_declined"),
             .skip("It needs a fix first (Record refund made another way): The card expired in 09/2026; a retry will likely be declined again.")),
            (failed(.paymentFailed, "insufficient_funds", cancelled: true), .skip("The order is cancelled.")),
        ])
    func retryStep(order: Order?, step: BulkStep) {
        #expect(BulkRules.step(Self.command(.retry), for: order, number: 1001) == step)
    }

    @Test(
        "what a bulk cancel does to each order as it stands",
        arguments: [
            (Order?.none, BulkStep.skip("There is no order #1001.")),
            (Order.fixture(), .run(.cancel)),
            (failed(.paymentFailed, "expired_card"), .run(.cancel)),
            (failed(.processingError, "missing_postal_code"), .run(.cancel)),
            (Order.fixture(status: .cancelled), .skip("Order #1001 is already cancelled.")),
            (Order.fixture(status: .fulfilled, fulfillment: .fulfilled),
             .skip("Order #1001 has been fulfilled, so it can no longer be cancelled.")),
        ])
    func cancelStep(order: Order?, step: BulkStep) {
        #expect(BulkRules.step(Self.command(.cancel, reason: .staff), for: order, number: 1001) == step)
    }

    @Test("a bulk cancel refunds everything refundable, with the request's reason, restock and notify")
    func cancellationForm() throws {
        let order = Order.fixture(captured: 5200, refunded: 1200)
        var command = Self.command(.cancel, reason: .fraud)
        command.restock = false
        let form = BulkRules.cancellationForm(command, for: order)
        #expect(form == CancellationForm(
            refundAmount: "40.00", issueRefund: true, restock: false, notifyCustomer: true, reason: "fraud", note: ""))
        #expect(try form.validate(for: order).get().refund == .refund(Money(minorUnits: 4000, currency: .usd)))
        let unpaid = BulkRules.cancellationForm(command, for: Self.failed(.paymentFailed, "expired_card"))
        #expect(unpaid.refundAmount == "0.00" && !unpaid.issueRefund)
    }

    // MARK: How each order came out

    @Test(
        "a retry is done when its failure is gone and failed while it stays; a cancel is done when the order is cancelled",
        arguments: [
            (OrderAction.retryPayment, failed(.paymentFailed, "insufficient_funds"), Order.fixture(), BulkOutcome.done("Flash.")),
            (.retryPayment, failed(.paymentFailed, "insufficient_funds"), failed(.paymentFailed, "card_declined"),
             .failed("The card expired in 09/2026.")),
            (.retryFulfillment, failed(.fulfillmentFailed, "stock_unavailable"), Order.fixture(status: .fulfilled, fulfillment: .fulfilled),
             .done("Flash.")),
            (.retryRefund, failed(.refundFailed, "gateway_unavailable"), Order.fixture(status: .cancelled), .done("Flash.")),
            (.cancel, Order.fixture(), Order.fixture(status: .cancelled), .done("Flash.")),
            (.cancel, Order.fixture(), failed(.refundFailed, "refund_declined", cancelled: true), .done("Flash.")),
            (.cancel, Order.fixture(), Order.fixture(), .failed("Flash.")),
        ])
    func outcome(action: OrderAction, before: Order, after: Order, outcome: BulkOutcome) {
        #expect(BulkRules.outcome(of: action, before: before, after: after, message: "Flash.") == outcome)
    }

    @Test("a request sent again reads each order's outcome from where it stands, running nothing")
    func replayed() {
        let retry = Self.command(.retry)
        #expect(BulkRules.replayedOutcome(retry, order: .fixture(), message: "Flash.") == .done("Flash."))
        #expect(BulkRules.replayedOutcome(retry, order: Self.failed(.paymentFailed, "card_declined"), message: "Flash.")
            == .failed("The card expired in 09/2026."))
        let cancel = Self.command(.cancel, reason: .staff)
        #expect(BulkRules.replayedOutcome(cancel, order: .fixture(status: .cancelled), message: "Flash.") == .done("Flash."))
        #expect(BulkRules.replayedOutcome(cancel, order: .fixture(), message: "Flash.") == .failed("Flash."))
    }

    @Test("the flash sums the outcomes up")
    func summary() {
        let outcomes = Array(repeating: BulkOutcome.done(""), count: 45) + [.skipped(""), .skipped(""), .failed("")]
        #expect(BulkRules.summary(.retry, outcomes: outcomes) == "Retried 48 orders: 45 done, 2 skipped, 1 failed")
        #expect(BulkRules.summary(.cancel, outcomes: [.done("")]) == "Cancelled 1 order: 1 done, 0 skipped, 0 failed")
        #expect([BulkOutcome.done(""), .skipped(""), .failed("")].map(\.name) == ["done", "skipped", "failed"])
    }
}
