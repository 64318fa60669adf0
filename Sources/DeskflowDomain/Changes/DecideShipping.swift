import Foundation

extension Decide {
    /// Replaces the shipping address; the flash says what to do next for an open processing or fulfillment issue.
    public static func fixAddress(_ address: Address, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.fixAddress.require(on: order)
        var change = OrderChange()
        change.shippingAddress = address
        change.events = [Timeline.addressChanged(to: address)]
        let next = switch order.issue?.kind {
        case .processingError: " Retry processing to check it."
        case .fulfillmentFailed: " Retry fulfillment to ship it."
        default: ""
        }
        if !next.isEmpty { change.issue = .fixMade(on: order) }
        change.flash = "Shipping address updated.\(next)"
        return change
    }

    /// Hands the order to the warehouse (retry processing, retry fulfillment, fulfill): nothing changes until it
    /// answers, but the action is recorded under its key so a repeat does not ask twice.
    public static func handToWarehouse(_ action: OrderAction, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        try action.require(on: snapshot.order)
        return OrderChange()
    }

    /// What the warehouse's answer to processing does: the order is ready to fulfill, or has a processing error.
    public static func processingAnswer(_ answer: WarehouseOutcome, on snapshot: OrderSnapshot, now: Date) -> OrderChange {
        let order = snapshot.order
        var change = OrderChange()
        if order.status == .cancelled {
            change.events = [Timeline.processingAnsweredTooLate]
            return change
        }
        switch answer {
        case .accepted, .shipped:
            change.issue = .clear
            change.events = [Timeline.processingSucceeded]
        case .failed(let code, let message):
            change.issue = .open(.opening(.processingError, code: code, message: message, now: now, replacing: order.issue))
            change.events = [Timeline.processingFailed(message)]
        }
        return change
    }

    /// Before goods leave an authorized order, its capture is recorded as pending, so a process that stops after the
    /// provider captured records it at start-up instead of losing it. A capture already waiting (its answer was
    /// lost) goes again under its own key. `nil` when there is nothing to capture any more: the order was cancelled
    /// (its authorization is being voided) or is no longer only authorized.
    public static func captureBeforeShipping(on snapshot: OrderSnapshot, captureKey: String) -> OrderChange? {
        let order = snapshot.order
        guard order.status != .cancelled, order.paymentStatus == .authorized else { return nil }
        var change = OrderChange()
        if let waiting = snapshot.payments.first(where: { $0.kind == .capture && $0.state == .pending }) {
            change.outgoingCall = PaymentCall(
                kind: .capture, orderNumber: order.number, amount: waiting.amount, idempotencyKey: waiting.idempotencyKey,
                source: order.payment.source)
            return change
        }
        let total = order.totals.total
        change.newPayments = [NewPayment(kind: .capture, amount: total, state: .pending, idempotencyKey: captureKey)]
        change.outgoingCall = PaymentCall(
            kind: .capture, orderNumber: order.number, amount: total, idempotencyKey: captureKey, source: order.payment.source)
        return change
    }

    /// What the warehouse's answer to fulfilling does, with the provider's answer to the capture made on the way:
    /// shipped (stock leaves the shelf, the capture is recorded), or a fulfillment issue. An order cancelled while the
    /// warehouse packed ships nothing, and the stock its cancellation released stays put.
    public static func fulfillmentAnswer(
        _ answer: WarehouseOutcome, capture: SettledCall?, trackingNumber: String?, on snapshot: OrderSnapshot, now: Date
    ) -> OrderChange {
        let order = snapshot.order
        var change = OrderChange()
        if let capture { change.settledPayments = [capture] }
        if order.status == .cancelled {
            change.events = [Timeline.fulfillmentAnsweredTooLate]
            return change
        }
        switch answer {
        case .shipped(let warehouseTracking):
            let tracking = trackingNumber ?? warehouseTracking
            change.status = .fulfilled
            change.fulfillmentStatus = .fulfilled
            change.trackingNumber = tracking
            let units = Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
            change.stock = units.sorted(by: { $0.key < $1.key }).map { sku, quantity in
                StockMovement(
                    sku: sku, onHandChange: -quantity, committedChange: -quantity, reason: Timeline.shippedReason(orderNumber: order.number))
            }
            if order.issue?.kind == .fulfillmentFailed { change.issue = .clear }
            if let capture, capture.outcome.succeeded {
                let total = order.totals.total
                change.paymentStatus = .paid
                change.captured = total
                change.events.append(Timeline.captured(total))
            }
            change.events.append(Timeline.shipped(tracking: tracking))
        case .failed(let code, let message):
            change.fulfillmentStatus = .failed
            change.issue = .open(.opening(.fulfillmentFailed, code: code, message: message, now: now, replacing: order.issue))
            change.events = [Timeline.fulfillmentFailed(message)]
        case .accepted:
            break
        }
        return change
    }
}
