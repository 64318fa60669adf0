import Foundation
import Testing

@testable import DeskflowDomain

/// Every decision an order can take, as tables: the order as it stands, what was asked or answered, and the change.
@Suite("Decisions")
struct DecideTests {
    static func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let card = PaymentMethod(brand: "Visa", last4: "4242")
    static let ok = GatewayOutcome(succeeded: true, reference: "ref_1", failureCode: nil, failureMessage: nil)
    static let declined = GatewayOutcome(succeeded: false, reference: nil, failureCode: "refund_declined", failureMessage: "Declined.")
    static let noAnswer = GatewayOutcome(
        succeeded: false, reference: nil, failureCode: OrderIssue.noAnswerCode, failureMessage: "No answer.", isTransient: true)

    static func snapshot(
        _ order: Order = .fixture(), payments: [PaymentRow] = [], refunds: [RefundRow] = [], onHand: [String: Int] = ["MUG-01": 10]
    ) -> OrderSnapshot {
        OrderSnapshot(order: order, payments: payments, refunds: refunds, onHand: onHand)
    }

    static func form(amount: String = "52.00", refund: Bool = true, restock: Bool = true, notify: Bool = true) -> CancellationForm {
        CancellationForm(refundAmount: amount, issueRefund: refund, restock: restock, notifyCustomer: notify, reason: "customer", note: "")
    }

    // MARK: Cancel

    @Test(
        "cancelling: what happens to the money",
        arguments: [
            // paid, full refund: a pending refund goes out under the cancellation's key
            (PaymentStatus.paid, "52.00", true, PaymentStatus.paid, "refund 5200", "Order cancelled: Customer changed or cancelled order."),
            // paid, partial refund
            (.paid, "10.00", true, .paid, "refund 1000", "Order cancelled: Customer changed or cancelled order."),
            // paid, refund unticked: the money is kept, and the timeline says so
            (.paid, "52.00", false, .paid, "none", "Order cancelled: Customer changed or cancelled order. No refund issued."),
            // authorized: the hold is voided
            (.authorized, "0.00", true, .authorized, "void 5200", "Order cancelled: Customer changed or cancelled order."),
            // awaiting payment: nothing to give back, and nothing will be collected
            (.pending, "0.00", true, .voided, "none", "Order cancelled: Customer changed or cancelled order."),
        ] as [(PaymentStatus, String, Bool, PaymentStatus, String, String)])
    func cancelMoney(payment: PaymentStatus, amount: String, refund: Bool, status: PaymentStatus, call: String, event: String) throws {
        let captured: Int64 = payment == .paid ? 5200 : 0
        var order = Order.fixture(status: payment == .pending ? .pending : .processing, payment: payment, captured: captured)
        if payment == .authorized { order.payment.authorized = Self.usd(5200) }
        let change = try Decide.cancel(Self.form(amount: amount, refund: refund), on: Self.snapshot(order), paymentKey: "cancel-k")

        #expect(change.status == .cancelled)
        #expect(change.paymentStatus == status)
        #expect(change.fulfillmentStatus == .unfulfilled)
        #expect(change.issue == .clear)
        #expect(change.events.first == EventEntry(.orderCancelled, event))
        let described = change.outgoingCall.map { "\($0.kind.rawValue) \($0.amount.minorUnits)" } ?? "none"
        #expect(described == call)
        #expect(change.outgoingCall.map(\.idempotencyKey) ?? "cancel-k" == "cancel-k")
        #expect(change.newRefunds.map(\.amount.minorUnits) == (call.hasPrefix("refund") ? [change.outgoingCall!.amount.minorUnits] : []))
        #expect(change.newPayments.map(\.kind) == (call.hasPrefix("void") ? [.void] : []))
        #expect(change.cancellation?.refund.minorUnits == (call.hasPrefix("refund") ? change.outgoingCall!.amount.minorUnits : 0))
        #expect(change.cancellation?.void.minorUnits == (call.hasPrefix("void") ? 5200 : 0))
    }

    @Test("cancelling: units go back to stock, or off the shelf without going below zero", arguments: [(true, 10), (false, 10), (false, 1)])
    func cancelStock(restock: Bool, onHand: Int) throws {
        let change = try Decide.cancel(Self.form(restock: restock), on: Self.snapshot(onHand: ["MUG-01": onHand]), paymentKey: "k")
        let expected = restock
            ? StockMovement(sku: "MUG-01", onHandChange: 0, committedChange: -2, reason: "Restocked: order #1001 cancelled")
            : StockMovement(
                sku: "MUG-01", onHandChange: -min(2, onHand), committedChange: -2,
                reason: "Written off: order #1001 cancelled without restock")
        #expect(change.stock == [expected])
        #expect(change.events.contains(restock ? Timeline.restocked(units: 2) : Timeline.writtenOff(units: 2)))
    }

    @Test("cancelling: the customer is told only when notify is ticked; failed refunds are replaced")
    func cancelMessageAndReplacedRefunds() throws {
        let failed = RefundRow(id: 7, amount: Self.usd(1000), state: .failed, idempotencyKey: "old")
        let told = try Decide.cancel(Self.form(), on: Self.snapshot(refunds: [failed]), paymentKey: "k")
        #expect(told.message?.kind == .orderCancelled)
        #expect(told.events.last == Timeline.cancellationEmailQueued(to: "jane@example.com"))
        #expect(told.refundUpdates == [.replaced(idempotencyKey: "old")])
        #expect(told.flash == "Order #1001 cancelled. The refund of $52.00 is being processed. Customer notified.")
        let quiet = try Decide.cancel(Self.form(notify: false), on: Self.snapshot(), paymentKey: "k")
        #expect(quiet.message == nil)
        #expect(quiet.cancellation?.notified == false)
    }

    @Test("cancelling is refused for a fulfilled or cancelled order, or while a charge is on its way; a bad form is invalid")
    func cancelRefusals() {
        #expect(throws: OrderRefusal.notAllowed("Order #1001 has been fulfilled, so it can no longer be cancelled.")) {
            try Decide.cancel(Self.form(), on: Self.snapshot(.fixture(status: .fulfilled, fulfillment: .fulfilled)), paymentKey: "k")
        }
        #expect(throws: OrderRefusal.notAllowed("Order #1001 is already cancelled.")) {
            try Decide.cancel(Self.form(), on: Self.snapshot(.fixture(status: .cancelled)), paymentKey: "k")
        }
        var charging = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        charging.payment.pendingCharges = Self.usd(5200)
        #expect(throws: OrderRefusal.self) { try Decide.cancel(Self.form(), on: Self.snapshot(charging), paymentKey: "k") }
        // one cent over what can be refunded
        #expect(throws: OrderRefusal.self) { try Decide.cancel(Self.form(amount: "52.01"), on: Self.snapshot(), paymentKey: "k") }
    }

    // MARK: The provider's answer

    static func refundCall(_ cents: Int64 = 5200, key: String = "r1") -> PaymentCall {
        PaymentCall(kind: .refund, orderNumber: 1001, amount: usd(cents), idempotencyKey: key, card: card)
    }

    @Test(
        "a refund's answer: refunded in full or in part, or a refund issue",
        arguments: [
            (Int64(5200), true, PaymentStatus.refunded, "clear"),
            (1000, true, .partiallyRefunded, "clear"),
            (5200, false, .paid, "refund_failed 2"),
        ] as [(Int64, Bool, PaymentStatus, String)])
    func settleRefund(cents: Int64, succeeds: Bool, status: PaymentStatus, issue: String) throws {
        let order = Order.fixture(issue: .refundFailed)
        let snapshot = Self.snapshot(order, refunds: [RefundRow(id: 1, amount: Self.usd(cents), state: .pending, idempotencyKey: "r1")])
        let change = try #require(
            Decide.settle(Self.refundCall(cents), answer: succeeds ? Self.ok : Self.declined, on: snapshot, now: Self.now))
        #expect(change.paymentStatus ?? .paid == status)
        switch change.issue {
        case .clear: #expect(issue == "clear")
        case .open(let opened): #expect("\(opened.kind.rawValue) \(opened.attempts)" == issue)
        case .keep: Issue.record("the issue should change")
        }
        #expect(change.events == [succeeds ? Timeline.refunded(Self.usd(cents), card: Self.card) : Timeline.refundFailed(Self.usd(cents), message: "Declined.")])
    }

    @Test("a refund that went through leaves a refund issue open while another refund is still failed")
    func settleRefundWithAnotherFailed() throws {
        let snapshot = Self.snapshot(
            .fixture(issue: .refundFailed),
            refunds: [
                RefundRow(id: 1, amount: Self.usd(1000), state: .failed, idempotencyKey: "r0"),
                RefundRow(id: 2, amount: Self.usd(1000), state: .pending, idempotencyKey: "r1"),
            ])
        let change = try #require(Decide.settle(Self.refundCall(1000), answer: Self.ok, on: snapshot, now: Self.now))
        #expect(change.issue == .keep)
        #expect(change.paymentStatus == .partiallyRefunded)
    }

    @Test(
        "a charge's answer: paid and processing, declined, or no answer (stays pending)",
        arguments: [("ok", "paid processing clear settled"), ("declined", "failed - payment_failed settled"), ("none", "failed - payment_failed pending")])
    func settleCharge(answer: String, expected: String) throws {
        let order = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        let call = PaymentCall(kind: .charge, orderNumber: 1001, amount: Self.usd(5200), idempotencyKey: "c1", card: Self.card)
        let snapshot = Self.snapshot(order, payments: [PaymentRow(kind: .charge, amount: Self.usd(5200), state: .pending, idempotencyKey: "c1")])
        let outcome = answer == "ok" ? Self.ok : answer == "declined" ? Self.declined : Self.noAnswer
        let change = try #require(Decide.settle(call, answer: outcome, on: snapshot, now: Self.now))
        let issue = switch change.issue {
        case .clear: "clear"
        case .open(let opened): opened.kind.rawValue
        case .keep: "keep"
        }
        let described = [
            change.paymentStatus?.rawValue ?? "-", change.status?.rawValue ?? "-", issue,
            change.settledPayments.isEmpty ? "pending" : "settled",
        ].joined(separator: " ")
        #expect(described == expected)
        if answer == "ok" { #expect(change.captured == Self.usd(5200)) }
    }

    @Test(
        "a capture's or a void's answer",
        arguments: [
            (PaymentCall.Kind.capture, "ok", "paid settled"), (.capture, "declined", "- settled"), (.capture, "none", "- pending"),
            (.void, "ok", "voided settled"), (.void, "declined", "- settled"), (.void, "none", "- pending"),
        ] as [(PaymentCall.Kind, String, String)])
    func settleCaptureAndVoid(kind: PaymentCall.Kind, answer: String, expected: String) throws {
        let call = PaymentCall(kind: kind, orderNumber: 1001, amount: Self.usd(5200), idempotencyKey: "p1", card: Self.card)
        let rowKind: PaymentKind = kind == .capture ? .capture : .void
        let snapshot = Self.snapshot(
            .fixture(payment: .authorized), payments: [PaymentRow(kind: rowKind, amount: Self.usd(5200), state: .pending, idempotencyKey: "p1")])
        let outcome = answer == "ok" ? Self.ok : answer == "declined" ? Self.declined : Self.noAnswer
        let change = try #require(Decide.settle(call, answer: outcome, on: snapshot, now: Self.now))
        #expect("\(change.paymentStatus?.rawValue ?? "-") \(change.settledPayments.isEmpty ? "pending" : "settled")" == expected)
        #expect(change.events.count == 1)
    }

    @Test("an answer to a call that is no longer pending changes nothing", arguments: [PaymentCall.Kind.refund, .charge, .capture, .void])
    func settleTwice(kind: PaymentCall.Kind) {
        let call = PaymentCall(kind: kind, orderNumber: 1001, amount: Self.usd(100), idempotencyKey: "k", card: nil)
        let snapshot = Self.snapshot(
            payments: [PaymentRow(kind: .charge, amount: Self.usd(100), state: .succeeded, idempotencyKey: "k")],
            refunds: [RefundRow(id: 1, amount: Self.usd(100), state: .succeeded, idempotencyKey: "k")])
        #expect(Decide.settle(call, answer: Self.ok, on: snapshot, now: Self.now) == nil)
    }

    // MARK: The warehouse's answer

    @Test("processing: ready to fulfill, a processing error that counts attempts, or ignored once cancelled")
    func processing() {
        let failing = Self.snapshot(.fixture(issue: .processingError))
        #expect(Decide.processingAnswer(.accepted, on: failing, now: Self.now).issue == .clear)
        let again = Decide.processingAnswer(.failed(code: "x", message: "Still wrong."), on: failing, now: Self.now)
        guard case .open(let issue) = again.issue else {
            Issue.record("expected an issue")
            return
        }
        #expect(issue.attempts == 2)
        #expect(issue.since == failing.order.issue?.since)
        let late = Decide.processingAnswer(.accepted, on: Self.snapshot(.fixture(status: .cancelled)), now: Self.now)
        #expect(late.issue == .keep)
        #expect(late.events == [Timeline.processingAnsweredTooLate])
    }

    @Test("fulfilling: shipped with its capture, stock off the shelf; a failure; or nothing once cancelled")
    func fulfillment() {
        let order = Order.fixture(payment: .authorized, captured: 0)
        let capture = SettledCall(idempotencyKey: "cap", outcome: Self.ok)
        let shipped = Decide.fulfillmentAnswer(
            .shipped(trackingNumber: "1Z1"), capture: capture, trackingNumber: nil, on: Self.snapshot(order), now: Self.now)
        #expect(shipped.status == .fulfilled)
        #expect(shipped.paymentStatus == .paid)
        #expect(shipped.captured == Self.usd(5200))
        #expect(shipped.trackingNumber == "1Z1")
        #expect(shipped.stock == [StockMovement(sku: "MUG-01", onHandChange: -2, committedChange: -2, reason: "Shipped with order #1001")])
        #expect(shipped.events == [Timeline.captured(Self.usd(5200)), Timeline.shipped(tracking: "1Z1")])
        let failed = Decide.fulfillmentAnswer(
            .failed(code: "carrier_rejected", message: "No."), capture: nil, trackingNumber: nil, on: Self.snapshot(order), now: Self.now)
        #expect(failed.fulfillmentStatus == .failed)
        #expect(failed.stock.isEmpty)
        let late = Decide.fulfillmentAnswer(
            .shipped(trackingNumber: "1Z1"), capture: capture, trackingNumber: nil, on: Self.snapshot(.fixture(status: .cancelled)), now: Self.now)
        #expect(late.status == nil)
        #expect(late.stock.isEmpty)
        #expect(late.settledPayments == [capture])
    }

    @Test("a capture before shipping: a new one, the one already waiting, or none once cancelled or not authorized")
    func captureBeforeShipping() {
        let authorized = Order.fixture(payment: .authorized, captured: 0)
        #expect(Decide.captureBeforeShipping(on: Self.snapshot(authorized), captureKey: "cap")?.newPayments.map(\.idempotencyKey) == ["cap"])
        let waiting = Self.snapshot(authorized, payments: [PaymentRow(kind: .capture, amount: Self.usd(5200), state: .pending, idempotencyKey: "old")])
        let again = Decide.captureBeforeShipping(on: waiting, captureKey: "cap")
        #expect(again?.outgoingCall?.idempotencyKey == "old")
        #expect(again?.writesNothing == true)
        #expect(Decide.captureBeforeShipping(on: Self.snapshot(.fixture(payment: .paid)), captureKey: "cap") == nil)
        #expect(Decide.captureBeforeShipping(on: Self.snapshot(.fixture(status: .cancelled, payment: .authorized)), captureKey: "cap") == nil)
    }

    // MARK: Resolving failures

    @Test("retrying a payment sends the charge still waiting under its key, or a new one")
    func retryPayment() throws {
        let order = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        let fresh = try Decide.retryPayment(on: Self.snapshot(order), newChargeKey: "new")
        #expect(fresh.newPayments.map(\.idempotencyKey) == ["new"])
        #expect(fresh.outgoingCall?.idempotencyKey == "new")
        let waiting = Self.snapshot(order, payments: [PaymentRow(kind: .charge, amount: Self.usd(5200), state: .pending, idempotencyKey: "old")])
        let resent = try Decide.retryPayment(on: waiting, newChargeKey: "new")
        #expect(resent.newPayments.isEmpty)
        #expect(resent.outgoingCall?.idempotencyKey == "old")
        #expect(throws: OrderRefusal.notAllowed("The payment has not failed.")) { try Decide.retryPayment(on: Self.snapshot(), newChargeKey: "new") }
    }

    @Test("a payment received elsewhere pays the order and moves it on; a refund made elsewhere settles the failed one")
    func paidAndRefundedElsewhere() throws {
        let awaiting = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        let paid = try Decide.markPaid(reference: "BANK-1", on: Self.snapshot(awaiting), paymentKey: "external-k")
        #expect(paid.status == .processing)
        #expect(paid.paymentStatus == .paid)
        #expect(paid.captured == Self.usd(5200))
        #expect(paid.issue == .clear)
        #expect(paid.newPayments == [NewPayment(kind: .external, amount: Self.usd(5200), state: .succeeded, idempotencyKey: "external-k", reference: "BANK-1")])

        let failed = RefundRow(id: 3, amount: Self.usd(5200), state: .failed, idempotencyKey: "r")
        var order = Order.fixture(status: .cancelled, issue: .refundFailed)
        order.issue?.code = "refund_declined"
        let settled = try Decide.refundedElsewhere(id: 3, reference: "BANK-2", on: Self.snapshot(order, refunds: [failed]))
        #expect(settled.refundUpdates == [.paidElsewhere(idempotencyKey: "r", reference: "BANK-2")])
        #expect(settled.paymentStatus == .refunded)
        #expect(settled.issue == .clear)
        #expect(throws: OrderRefusal.self) { try Decide.refundedElsewhere(id: 99, reference: "X", on: Self.snapshot(order, refunds: [failed])) }
    }

    @Test("retrying a refund puts the failed one back to pending under its own key; one that has not failed is refused")
    func retryRefund() throws {
        let order = Order.fixture(status: .cancelled, issue: .refundFailed)
        let failed = RefundRow(id: 3, amount: Self.usd(1000), state: .failed, idempotencyKey: "cancel-k")
        let change = try Decide.retryRefund(id: 3, on: Self.snapshot(order, refunds: [failed]))
        #expect(change.refundUpdates == [.retried(idempotencyKey: "cancel-k")])
        #expect(change.outgoingCall == PaymentCall(kind: .refund, orderNumber: 1001, amount: Self.usd(1000), idempotencyKey: "cancel-k", card: Self.card))
        #expect(change.events == [Timeline.refundRetried(Self.usd(1000))])
        var succeeded = failed
        succeeded.state = .succeeded
        #expect(throws: OrderRefusal.notAllowed("That refund has not failed, so there is nothing to retry.")) {
            try Decide.retryRefund(id: 3, on: Self.snapshot(order, refunds: [succeeded]))
        }
    }
}
