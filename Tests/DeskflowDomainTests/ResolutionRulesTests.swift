import Foundation
import Testing

@testable import DeskflowDomain

@Suite("Resolution rules")
struct ResolutionRulesTests {
    /// An order in the state each failure leaves it in.
    static func failed(_ kind: IssueKind, code: String = "x") -> Order {
        var order = switch kind {
        case .paymentFailed: Order.fixture(status: .pending, payment: .failed, issue: kind, captured: 0)
        case .processingError: Order.fixture(status: .processing, payment: .authorized, issue: kind)
        case .fulfillmentFailed: Order.fixture(status: .processing, payment: .paid, fulfillment: .failed, issue: kind)
        case .refundFailed: Order.fixture(status: .cancelled, payment: .paid, issue: kind)
        }
        order.issue?.code = code
        return order
    }

    @Test(
        "each failure's retry",
        arguments: [
            (IssueKind.paymentFailed, OrderAction.retryPayment), (.processingError, .retryProcessing),
            (.fulfillmentFailed, .retryFulfillment), (.refundFailed, .retryRefund),
        ]
    )
    func retry(kind: IssueKind, action: OrderAction) {
        #expect(kind.retry == action)
        #expect(kind.resolutions.contains(action))
    }

    @Test(
        "each failure offers the actions that can resolve it, in the order a manager tries them",
        arguments: [
            (
                IssueKind.paymentFailed,
                [OrderAction.retryPayment, .requestPaymentMethod, .recordPaymentMethod, .markPaid, .cancel, .messageCustomer]
            ),
            (.processingError, [.fixAddress, .retryProcessing, .cancel, .messageCustomer, .contactSupport]),
            (.fulfillmentFailed, [.retryFulfillment, .fixAddress, .cancel, .messageCustomer, .contactSupport]),
            (.refundFailed, [.retryRefund, .markRefunded, .messageCustomer]),
        ]
    )
    func resolutions(kind: IssueKind, actions: [OrderAction]) {
        #expect(kind.resolutions == actions)
    }

    @Test("every resolution offered, and the retry, can be taken on an order with that failure", arguments: IssueKind.allCases)
    func resolutionsAreAvailable(kind: IssueKind) {
        let order = Self.failed(kind)
        for action in kind.resolutions + [kind.retry] {
            #expect(action.availability(for: order) == .available, "\(action)")
        }
        // and fulfilling waits until the failure is resolved
        #expect(OrderAction.fulfill.availability(for: order) != .available)
    }

    @Test("the timeline entries that count as attempts at each failed step")
    func attemptEvents() {
        #expect(IssueKind.paymentFailed.attemptEvents == [.paymentFailed, .paymentRetried, .paymentCaptured])
        #expect(IssueKind.processingError.attemptEvents == [.processingFailed, .processingSucceeded])
        #expect(IssueKind.fulfillmentFailed.attemptEvents == [.fulfillmentFailed, .orderFulfilled])
        #expect(IssueKind.refundFailed.attemptEvents == [.refundRequested, .refundFailed, .refundSucceeded])
    }

    @Test("each failure is explained in its own plain words")
    func explanations() {
        let explanations = IssueKind.allCases.map(\.explanation)
        #expect(Set(explanations).count == IssueKind.allCases.count)
        #expect(explanations.allSatisfy { $0.hasSuffix(".") && !$0.isEmpty })
        #expect(IssueKind.allCases.map(\.label) == ["Payment failed", "Processing error", "Fulfillment failed", "Refund failed"])
    }

    @Test(
        "an action that does not apply says why",
        arguments: [
            (OrderAction.retryPayment, Order.fixture(), "The payment has not failed."),
            (.requestPaymentMethod, Order.fixture(issue: .processingError), "The payment has not failed."),
            (.recordPaymentMethod, Order.fixture(), "The payment has not failed."),
            (.markPaid, Order.fixture(), "The order is not awaiting payment."),
            (.retryProcessing, Order.fixture(issue: .fulfillmentFailed), "Processing has not failed."),
            (.retryFulfillment, Order.fixture(issue: .processingError), "Fulfillment has not failed."),
            (.fulfill, Order.fixture(status: .pending, payment: .pending), "Only a processing order can be fulfilled."),
            (.fulfill, Order.fixture(issue: .processingError), "Resolve the open issue first."),
            (.fulfill, Order.fixture(status: .fulfilled, fulfillment: .fulfilled), "Only a processing order can be fulfilled."),
            (.fixAddress, Order.fixture(status: .fulfilled, fulfillment: .fulfilled), "The order has already shipped."),
            (.retryRefund, Order.fixture(), "No refund has failed."),
            (.markRefunded, Order.fixture(), "No refund has failed."),
            (.markRefunded, failed(.refundFailed, code: "gateway_timeout"),
             "The payment provider did not answer, so it may have made this refund. Retry it first: the retry asks under the same key and learns the answer."),
            (.fulfill, Order.fixture(status: .cancelled), "The order is cancelled."),
            (.retryPayment, Order.fixture(status: .cancelled, payment: .failed, issue: .paymentFailed), "The order is cancelled."),
            (.fixAddress, Order.fixture(status: .cancelled), "The order is cancelled."),
            (.cancel, Order.fixture(status: .cancelled), "Order #1001 is already cancelled."),
        ]
    )
    func unavailable(action: OrderAction, order: Order, reason: String) {
        #expect(action.availability(for: order) == .unavailable(reason))
    }

    @Test("a ready processing order can be fulfilled, and anyone can be written to, even after cancelling")
    func available() {
        #expect(OrderAction.fulfill.availability(for: Order.fixture()) == .available)
        #expect(OrderAction.markPaid.availability(for: Order.fixture(status: .pending, payment: .pending)) == .available)
        #expect(OrderAction.messageCustomer.availability(for: Order.fixture(status: .cancelled)) == .available)
        #expect(OrderAction.retryRefund.availability(for: Self.failed(.refundFailed)) == .available)
        #expect(OrderAction.retryRefund.availability(for: Self.failed(.refundFailed, code: "gateway_timeout")) == .available)
        #expect(OrderAction.markRefunded.availability(for: Self.failed(.refundFailed, code: "refund_declined")) == .available)
    }

    @Test(
        "the attention queue and each failure's tab list the oldest failure first; other tabs the newest order first",
        arguments: OrderFilter.allCases
    )
    func attentionQueue(filter: OrderFilter) {
        switch filter {
        case .needsAttention, .issue: #expect(filter.isAttentionQueue)
        case .all, .status: #expect(!filter.isAttentionQueue)
        }
    }

    @Test("the queue's filters are the needs-attention tab and one per failure")
    func attentionFilters() {
        #expect(OrderFilter.allCases.filter(\.isAttentionQueue).map(\.value)
            == ["needs_attention", "payment_failed", "processing_error", "fulfillment_failed", "refund_failed"])
    }

    // MARK: Cancelling a failed order

    @Test(
        "the cancel dialog preselects declined for a failed payment, items unavailable for missing stock, nothing otherwise",
        arguments: [
            (IssueKind?.some(.paymentFailed), "card_declined", CancelReason?.some(.declined)),
            (.paymentFailed, "expired_card", .declined),
            (.fulfillmentFailed, "stock_unavailable", .inventory),
            (.fulfillmentFailed, "carrier_rejected", nil),
            (.fulfillmentFailed, "address_undeliverable", nil),
            (.processingError, "missing_postal_code", nil),
            (.refundFailed, "refund_declined", nil),
            (nil, "", nil),
        ]
    )
    func suggestedReason(kind: IssueKind?, code: String, reason: CancelReason?) {
        let order = kind.map { Self.failed($0, code: code) } ?? Order.fixture()
        #expect(CancellationForm.suggestedReason(for: order) == reason)
        let form = CancellationForm.defaults(for: order)
        #expect(form.reason == (reason?.rawValue ?? ""))
        #expect(form.restock)
        #expect(form.notifyCustomer)
        #expect(form.note == "")
    }

    @Test("a payment that never came is cancelled with nothing to refund, and the preselected reason validates")
    func cancelFailedPayment() throws {
        let order = Self.failed(.paymentFailed)
        let form = CancellationForm.defaults(for: order)
        #expect(form.refundAmount == "0.00")
        #expect(!form.issueRefund)
        let command = try form.validate(for: order).get()
        #expect(command.reason == .declined)
        #expect(command.refund == .nothingToRefund)
    }

    @Test(
        "the banner does not say money failed to move when the provider never answered",
        arguments: [
            (IssueKind.refundFailed, "refund_declined", "A refund to the customer did not go through; the money has not gone back yet."),
            (.refundFailed, OrderIssue.noAnswerCode,
             "The payment provider did not answer, so the refund may or may not have gone through. Retrying asks under the same key and never refunds twice."),
            (.paymentFailed, "card_declined", "The payment could not be collected, so the order is waiting for payment."),
            (.paymentFailed, OrderIssue.noAnswerCode,
             "The payment provider did not answer, so the charge may or may not have gone through. Retrying sends the same charge and never takes the money twice."),
            (.fulfillmentFailed, OrderIssue.noAnswerCode, "The warehouse could not ship the order."),
        ])
    func bannerExplanation(kind: IssueKind, code: String, explanation: String) {
        #expect(Self.failed(kind, code: code).issue?.explanation == explanation)
    }
}
