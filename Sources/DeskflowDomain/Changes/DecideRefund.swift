import Foundation

extension Decide {
    /// Puts a failed refund back to pending, to go to the provider again under its original key, so the customer can
    /// never be refunded twice.
    public static func retryRefund(id refundID: Int64, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.retryRefund.require(on: order)
        guard let refund = snapshot.refunds.first(where: { $0.id == refundID }), refund.state == .failed else {
            throw .notAllowed("That refund has not failed, so there is nothing to retry.")
        }
        var change = OrderChange()
        change.refundUpdates = [.retried(idempotencyKey: refund.idempotencyKey)]
        change.events = [Timeline.refundRetried(refund.amount)]
        change.outgoingCall = PaymentCall(
            kind: .refund, orderNumber: order.number, amount: refund.amount, idempotencyKey: refund.idempotencyKey,
            source: order.payment.source)
        return change
    }

    /// A failed refund the customer was paid back another way: it counts as refunded, and the refund issue closes
    /// once no refund is failed any more.
    public static func refundedElsewhere(id refundID: Int64, reference: String, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.markRefunded.require(on: order)
        guard let refund = snapshot.refunds.first(where: { $0.id == refundID }), refund.state == .failed else {
            throw .notAllowed("That refund has not failed, so there is nothing to settle.")
        }
        let update = RefundUpdate.paidElsewhere(idempotencyKey: refund.idempotencyKey, reference: reference)
        var change = OrderChange()
        change.refundUpdates = [update]
        change.paymentStatus = PaymentSettlement.statusAfterRefunds(
            captured: order.payment.captured, refunded: snapshot.refunded(after: [update]), current: order.paymentStatus)
        if !snapshot.anyRefundFailed(after: [update]) { change.issue = .clear }
        change.events = [Timeline.refundedElsewhere(reference: reference)]
        change.flash = "Refund recorded as made outside the payment gateway (reference \(reference))."
        return change
    }
}
