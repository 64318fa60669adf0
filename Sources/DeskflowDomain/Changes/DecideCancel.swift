import Foundation

extension Decide {
    /// What happens to an order when a manager cancels it, in one change:
    /// - it becomes Cancelled and unfulfilled; its open issue closes; an order still awaiting payment is voided;
    /// - captured money goes back as a pending refund, or an authorization is voided; either is sent to the provider
    ///   under `paymentKey` once the change is committed, and `settle` records the answer; refunds that had failed
    ///   are replaced by this one;
    /// - every reserved unit leaves the reservation: back to stock, or off the shelf when restock is unticked;
    /// - the customer's email is queued when notify is ticked;
    /// - the reason, note, manager and money are kept for the cancellations report;
    /// - the flash says the refund "is being processed" until the provider answers.
    public static func cancel(_ form: CancellationForm, on snapshot: OrderSnapshot, paymentKey: String) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.cancel.require(on: order)
        let command: CancellationCommand
        switch form.validate(for: order) {
        case .success(let valid): command = valid
        case .failure(let errors): throw .invalid(errors)
        }
        let effects = CancellationEffects.of(command, on: order)
        var change = OrderChange()
        change.status = .cancelled
        change.paymentStatus = effects.paymentStatus
        change.fulfillmentStatus = .unfulfilled
        change.issue = .clear
        change.events = [Timeline.cancelled(command.reason, refundKept: command.refund == .noRefund)]

        let zero = Money.zero(order.currency)
        var refund = zero
        var void = zero
        switch command.refund {
        case .refund(let amount):
            refund = amount
            change.newRefunds = [NewRefund(amount: amount, idempotencyKey: paymentKey)]
            change.events.append(Timeline.refundRequested(amount))
            change.outgoingCall = PaymentCall(
                kind: .refund, orderNumber: order.number, amount: amount, idempotencyKey: paymentKey, source: order.payment.source)
        case .voidAuthorization(let amount):
            void = amount
            change.newPayments = [NewPayment(kind: .void, amount: amount, state: .pending, idempotencyKey: paymentKey)]
            change.outgoingCall = PaymentCall(
                kind: .void, orderNumber: order.number, amount: amount, idempotencyKey: paymentKey, source: order.payment.source)
        case .noRefund, .nothingToRefund:
            break
        }
        // The cancellation decides afresh what goes back; refunds that failed before are replaced by it.
        change.refundUpdates = snapshot.refunds.filter { $0.state == .failed }.map { .replaced(idempotencyKey: $0.idempotencyKey) }

        for (sku, units) in effects.restocked.sorted(by: { $0.key < $1.key }) {
            change.stock.append(StockMovement(
                sku: sku, onHandChange: 0, committedChange: -units, reason: Timeline.restockedReason(orderNumber: order.number)))
        }
        for (sku, units) in effects.writtenOff.sorted(by: { $0.key < $1.key }) {
            // A shelf cannot hold fewer than zero units: only what is there can be written off.
            let removed = min(units, max(snapshot.onHand[sku] ?? 0, 0))
            change.stock.append(StockMovement(
                sku: sku, onHandChange: -removed, committedChange: -units, reason: Timeline.writtenOffReason(orderNumber: order.number)))
        }
        let restockedUnits = effects.restocked.values.reduce(0, +)
        let writtenOffUnits = effects.writtenOff.values.reduce(0, +)
        if restockedUnits > 0 {
            change.events.append(Timeline.restocked(units: restockedUnits))
        } else if writtenOffUnits > 0 {
            change.events.append(Timeline.writtenOff(units: writtenOffUnits))
        }

        if command.notifyCustomer {
            let message = CancellationWording.customerMessage(command, order: order)
            change.message = CustomerMessage(kind: .orderCancelled, subject: message.subject, body: message.body)
            change.events.append(Timeline.cancellationEmailQueued(to: order.customer.email))
        }
        change.cancellation = CancellationEntry(
            reason: command.reason, note: command.note, refund: refund, void: void, restocked: command.restock,
            notified: command.notifyCustomer)
        change.flash = CancellationWording.flash(command, order: order, outcome: .pending)
        return change
    }
}
