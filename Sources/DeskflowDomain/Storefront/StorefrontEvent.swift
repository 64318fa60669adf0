/// What a storefront hears by webhook: the order events it acts on (DESIGN §4c).
public enum StorefrontEvent: String, Hashable, Sendable, CaseIterable {
    case cancelled = "order.cancelled"
    case refunded = "order.refunded"
    case fulfilled = "order.fulfilled"
    case paymentFailed = "order.payment_failed"
    case paymentSucceeded = "order.payment_succeeded"

    /// The events a decided change causes, in the order they happen, given the order as it stood before it:
    /// - `order.cancelled` when it becomes cancelled;
    /// - `order.refunded` when money went back: a refund the provider confirmed, or one paid back another way;
    /// - `order.fulfilled` when it ships;
    /// - `order.payment_failed` when the payment fails: a charge is declined, a retry included (a capture that fails
    ///   leaves the authorization standing and the order going on, so the storefront has nothing to chase);
    /// - `order.payment_succeeded` when it becomes paid (a charge or capture went through, or it was marked paid).
    /// A pending refund, a retried one, or a call that got no answer causes none: nothing has happened yet.
    public static func caused(by change: OrderChange, on before: OrderSnapshot) -> [StorefrontEvent] {
        let order = before.order
        var events: [StorefrontEvent] = []
        if change.status == .cancelled, order.status != .cancelled { events.append(.cancelled) }
        let chargeFailed = change.settledPayments.contains { settled in
            !settled.outcome.succeeded && !settled.outcome.isTransient
                && before.payment(key: settled.idempotencyKey)?.kind == .charge
        }
        if chargeFailed || (change.paymentStatus == .failed && order.paymentStatus != .failed) { events.append(.paymentFailed) }
        if change.paymentStatus == .paid, order.paymentStatus != .paid { events.append(.paymentSucceeded) }
        let refunded = change.refundUpdates.contains { update in
            update.state == .succeeded && before.refund(key: update.idempotencyKey)?.state != .succeeded
        }
        if refunded { events.append(.refunded) }
        if change.fulfillmentStatus == .fulfilled, order.fulfillmentStatus != .fulfilled { events.append(.fulfilled) }
        return events
    }

    /// The events an order placed by a storefront causes: only a failed payment, which the storefront may want to
    /// chase; the rest it knows, having sent it.
    public static func caused(by placement: OrderPlacement) -> [StorefrontEvent] {
        placement.state.payment == .failed ? [.paymentFailed] : []
    }
}
