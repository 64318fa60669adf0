/// The state an order is left in by a cancellation, before the gateway has answered.
public struct CancellationEffects: Hashable, Sendable {
    public var paymentStatus: PaymentStatus
    /// Units that go back to available stock, per SKU; empty when the manager unticked restock.
    public var restocked: [String: Int]
    /// Units released from the order but written off rather than returned to stock.
    public var writtenOff: [String: Int]

    public static func of(_ command: CancellationCommand, on order: Order) -> CancellationEffects {
        let units = Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        let paymentStatus: PaymentStatus = switch (order.paymentStatus, command.refund) {
        // Nothing was ever going to be collected for an order still awaiting payment.
        case (.pending, _): .voided
        // The payment status changes only once the gateway confirms the refund or void.
        default: order.paymentStatus
        }
        return CancellationEffects(
            paymentStatus: paymentStatus,
            restocked: command.restock ? units : [:],
            writtenOff: command.restock ? [:] : units)
    }
}

/// Where the money stands once the gateway has answered.
public enum PaymentSettlement {
    /// The payment status after refunds: refunded when everything captured went back, partially otherwise.
    public static func statusAfterRefunds(captured: Money, refunded: Money, current: PaymentStatus) -> PaymentStatus {
        guard captured.isPositive, refunded.isPositive else { return current }
        return refunded >= captured ? .refunded : .partiallyRefunded
    }
}
