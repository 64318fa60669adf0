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

    /// Records the payment method the customer gave; the next retry charges it. What the form sends depends on who
    /// moves the order's money:
    /// - Stripe: the id of a PaymentMethod the customer set up with Stripe (`pm_…`, see `StripePaymentMethodForm`);
    /// - the simulator: a method from its list, `listed` (`nil` when the form's choice is not on it);
    /// - nobody (a manual payment): nothing, since no gateway charges it; the manager marks it paid once it arrives.
    public static func recordPaymentMethod(
        _ value: String, listed: PaymentMethod?, on snapshot: OrderSnapshot
    ) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.recordPaymentMethod.require(on: order)
        let method: NewPaymentMethod
        switch order.payment.provider {
        case .stripe:
            switch StripePaymentMethodForm.validate(reference: value) {
            case .success(let reference): method = .stripe(reference)
            case .failure(let errors): throw .invalid(errors)
            }
        case .simulated:
            guard let listed else {
                throw .invalid(FormErrors([
                    FieldError(field: "payment_method", message: "Choose one of the listed payment methods.")
                ]))
            }
            method = .card(listed)
        case .manual:
            throw .notAllowed(
                "This payment is taken outside any payment gateway, so there is no method to charge. "
                    + "Mark the order as paid once the money arrives.")
        }
        var change = OrderChange()
        change.paymentMethod = method
        change.issue = .fixMade(on: order)
        change.events = [Timeline.paymentMethodChanged(from: order.payment.methodLabel, to: method)]
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
