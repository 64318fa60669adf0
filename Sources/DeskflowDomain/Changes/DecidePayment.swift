import Foundation

extension Decide {
    /// Charges the order's total again. A charge still waiting for the provider's answer goes again under its own
    /// key, so it can never be taken twice; otherwise a new pending charge goes out under `newChargeKey`.
    public static func retryPayment(on snapshot: OrderSnapshot, newChargeKey: String) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.retryPayment.require(on: order)
        let total = order.totals.total
        let waiting = snapshot.payments.first { $0.kind == .charge && $0.state == .pending }
        var change = OrderChange()
        if waiting == nil {
            change.newPayments = [NewPayment(kind: .charge, amount: total, state: .pending, idempotencyKey: newChargeKey)]
        }
        change.events = [Timeline.chargeRetried(total, card: order.payment.method)]
        change.outgoingCall = PaymentCall(
            kind: .charge, orderNumber: order.number, amount: waiting?.amount ?? total,
            idempotencyKey: waiting?.idempotencyKey ?? newChargeKey, source: order.payment.source)
        return change
    }

    /// Emails the customer for another payment method, and records that they were asked.
    public static func requestPaymentMethod(on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.requestPaymentMethod.require(on: order)
        let message = CustomerMessageForm.paymentMethodRequest(for: order)
        var change = OrderChange()
        change.message = CustomerMessage(kind: .paymentMethodRequest, subject: message.subject, body: message.body)
        change.events = [Timeline.paymentMethodRequested(from: order.customer.email)]
        change.flash = "Asked \(order.customer.email) for a new payment method."
        return change
    }

    /// Records the payment method the customer gave; the next retry charges it.
    public static func recordPaymentMethod(_ method: PaymentMethod, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.recordPaymentMethod.require(on: order)
        var change = OrderChange()
        change.paymentMethod = method
        change.events = [Timeline.paymentMethodChanged(from: order.payment.method, to: method)]
        change.flash = "Payment method changed to \(method.label). Retry the payment to charge it."
        return change
    }

    /// A payment received outside the gateway, under its reference: the order is paid and moves on to processing.
    public static func markPaid(reference: String, on snapshot: OrderSnapshot, paymentKey: String) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.markPaid.require(on: order)
        let total = order.totals.total
        var change = OrderChange()
        change.newPayments = [NewPayment(kind: .external, amount: total, state: .succeeded, idempotencyKey: paymentKey, reference: reference)]
        change.status = .processing
        change.paymentStatus = .paid
        change.authorized = total
        change.captured = total
        if order.issue?.kind == .paymentFailed { change.issue = .clear }
        change.events = [Timeline.paidElsewhere(total, reference: reference)]
        change.flash = "Order #\(order.number) marked as paid: \(total.formatted), reference \(reference). It is now processing."
        return change
    }
}
