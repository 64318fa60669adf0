extension Decide {
    /// Money back on an order that goes on — open, fulfilled or already cancelled — in one change:
    /// - a pending refund of the amount, sent to the provider under `paymentKey` once the change is committed, and
    ///   settled by `settle` like a cancellation's: a failure opens `refund_failed` with a retry under the same key;
    /// - the refunded units and shipping are counted against their lines, so none is refunded twice;
    /// - returned units go back on the shelf when restock is ticked (only for goods that shipped);
    /// - the customer's email is queued when notify is ticked.
    /// The amount is checked against what is refundable as the order stands under the write lock, so two refunds
    /// racing can never add up to more than was captured.
    public static func refund(_ form: RefundForm, on snapshot: OrderSnapshot, paymentKey: String) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.refund.require(on: order)
        let command: RefundCommand
        switch form.validate(for: order) {
        case .success(let valid): command = valid
        case .failure(let errors): throw .invalid(errors)
        }
        var change = OrderChange()
        change.newRefunds = [NewRefund(amount: command.amount, idempotencyKey: paymentKey, reason: command.reason, note: command.note)]
        change.refundedUnits = command.units
        change.refundsShipping = command.shipping
        change.events = [Timeline.refundRequested(
            command.amount, reason: command.reason, units: command.units.values.reduce(0, +), shipping: command.shipping)]
        change.outgoingCall = PaymentCall(
            kind: .refund, orderNumber: order.number, amount: command.amount, idempotencyKey: paymentKey, source: order.payment.source)
        if command.restock {
            for (sku, units) in command.units.sorted(by: { $0.key < $1.key }) {
                change.stock.append(StockMovement(
                    sku: sku, onHandChange: units, committedChange: 0, reason: Timeline.returnedReason(orderNumber: order.number)))
            }
            change.events.append(Timeline.returnedToStock(units: command.restockedUnits))
        }
        if command.notifyCustomer {
            let message = RefundWording.customerMessage(command, order: order)
            change.message = CustomerMessage(kind: .refundIssued, subject: message.subject, body: message.body)
            change.events.append(Timeline.refundEmailQueued(to: order.customer.email))
        }
        change.flash = RefundWording.flash(command, order: order, outcome: .pending)
        return change
    }
}
