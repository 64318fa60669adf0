import Testing

@testable import DeskflowDomain

@Suite("Order rules")
struct OrderRulesTests {
    @Test(
        "cancel is allowed only while pending or processing with nothing fulfilled",
        arguments: [
            (OrderStatus.pending, FulfillmentStatus.unfulfilled, CancellationEligibility.allowed),
            (.processing, .unfulfilled, .allowed),
            (.processing, .failed, .allowed),
            (.fulfilled, .fulfilled, .refused(.fulfilled(orderNumber: 1001))),
            (.processing, .fulfilled, .refused(.fulfilled(orderNumber: 1001))),
            (.cancelled, .unfulfilled, .refused(.alreadyCancelled(orderNumber: 1001))),
        ]
    )
    func cancellationEligibility(status: OrderStatus, fulfillment: FulfillmentStatus, expected: CancellationEligibility) {
        let order = Order.fixture(status: status, fulfillment: fulfillment)
        #expect(CancellationPolicy.eligibility(of: order) == expected)
    }

    @Test("refusals explain why")
    func refusalMessages() {
        #expect(CancellationRefusal.fulfilled(orderNumber: 1001).message
            == "Order #1001 has been fulfilled, so it can no longer be cancelled.")
        #expect(CancellationRefusal.alreadyCancelled(orderNumber: 7).message == "Order #7 is already cancelled.")
    }

    @Test(
        "refundable is captured less refunded less pending, never negative",
        arguments: [
            (5200, 0, 0, 5200), (5200, 1200, 0, 4000), (5200, 1200, 1000, 3000), (5200, 5200, 0, 0),
            (0, 0, 0, 0), (5200, 5000, 500, 0),
        ] as [(Int64, Int64, Int64, Int64)]
    )
    func refundable(captured: Int64, refunded: Int64, pending: Int64, expected: Int64) {
        let order = Order.fixture(captured: captured, refunded: refunded, pendingRefunds: pending)
        #expect(order.payment.refundable == Money(minorUnits: expected, currency: .usd))
    }

    @Test("totals add subtotal, shipping and tax")
    func totals() {
        let order = Order.fixture()
        #expect(order.totals.subtotal.minorUnits == 4000)
        #expect(order.totals.total.minorUnits == 5200)
        #expect(order.itemCount == 2)
    }

    @Test(
        "which state combinations are possible",
        arguments: [
            (OrderState(status: .pending, payment: .pending, fulfillment: .unfulfilled, issue: nil), true),
            (OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: .paymentFailed), true),
            (OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: nil), false),
            (OrderState(status: .pending, payment: .paid, fulfillment: .unfulfilled, issue: nil), false),
            (OrderState(status: .processing, payment: .authorized, fulfillment: .unfulfilled, issue: nil), true),
            (OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: .processingError), true),
            (OrderState(status: .processing, payment: .paid, fulfillment: .failed, issue: .fulfillmentFailed), true),
            (OrderState(status: .processing, payment: .paid, fulfillment: .failed, issue: nil), false),
            (OrderState(status: .processing, payment: .refunded, fulfillment: .unfulfilled, issue: nil), false),
            (OrderState(status: .fulfilled, payment: .paid, fulfillment: .fulfilled, issue: nil), true),
            (OrderState(status: .fulfilled, payment: .authorized, fulfillment: .fulfilled, issue: nil), false),
            (OrderState(status: .cancelled, payment: .voided, fulfillment: .unfulfilled, issue: nil), true),
            (OrderState(status: .cancelled, payment: .paid, fulfillment: .unfulfilled, issue: .refundFailed), true),
            (OrderState(status: .cancelled, payment: .voided, fulfillment: .fulfilled, issue: nil), false),
            (OrderState(status: .cancelled, payment: .refunded, fulfillment: .unfulfilled, issue: .paymentFailed), false),
        ]
    )
    func possibleStates(state: OrderState, possible: Bool) {
        #expect(state.isPossible == possible)
    }

    @Test("the list of possible states is exactly the possible ones, each once")
    func allPossibleStates() {
        #expect(OrderState.allPossible.allSatisfy { $0.isPossible })
        #expect(Set(OrderState.allPossible).count == OrderState.allPossible.count)
        #expect(OrderState.allPossible.count == 25)
        for issue in IssueKind.allCases {
            #expect(OrderState.allPossible.contains { $0.issue == issue })
        }
    }

    @Test(
        "the actions menu offers what applies to the order",
        arguments: [
            (OrderAction.cancel, Order.fixture(), true),
            (.cancel, .fixture(status: .fulfilled, fulfillment: .fulfilled), false),
            (.retryPayment, .fixture(status: .pending, payment: .failed, issue: .paymentFailed), true),
            (.retryPayment, .fixture(), false),
            (.markPaid, .fixture(status: .pending, payment: .pending), true),
            (.markPaid, .fixture(), false),
            (.retryProcessing, .fixture(issue: .processingError), true),
            (.retryFulfillment, .fixture(fulfillment: .failed, issue: .fulfillmentFailed), true),
            (.retryFulfillment, .fixture(issue: .processingError), false),
            (.fulfill, .fixture(), true),
            (.fulfill, .fixture(issue: .processingError), false),
            (.fulfill, .fixture(status: .pending, payment: .pending), false),
            (.retryRefund, .fixture(status: .cancelled, issue: .refundFailed), true),
            (.retryRefund, .fixture(), false),
            (.fixAddress, .fixture(), true),
            (.fixAddress, .fixture(status: .fulfilled, fulfillment: .fulfilled), false),
            (.fixAddress, .fixture(status: .cancelled, payment: .voided), false),
            (.messageCustomer, .fixture(status: .cancelled, payment: .voided), true),
        ]
    )
    func actionAvailability(action: OrderAction, order: Order, available: Bool) {
        #expect((action.availability(for: order) == .available) == available)
    }

    @Test("an unavailable action says why")
    func unavailableReason() {
        let cancelled = Order.fixture(status: .cancelled, payment: .voided)
        #expect(OrderAction.cancel.availability(for: cancelled) == .unavailable("Order #1001 is already cancelled."))
        #expect(OrderAction.fulfill.availability(for: cancelled) == .unavailable("The order is cancelled."))
    }
}
