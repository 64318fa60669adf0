/// When money can go back without cancelling, and what a refund may include.
public enum RefundRules {
    /// Any order with captured money not yet all given back — open, fulfilled or cancelled — can be refunded, up to what
    /// failed refunds still owe.
    public static func availability(for order: Order) -> ActionAvailability {
        let payment = order.payment
        guard payment.captured.isPositive else {
            return .unavailable(
                order.paymentStatus == .authorized
                    ? "The card was only authorized, so nothing has been charged to refund."
                    : "Nothing has been charged, so there is nothing to refund.")
        }
        guard payment.refundableBesideFailed.isPositive else {
            if payment.refundable.isPositive {
                return .unavailable(
                    "What is left is owed by a refund that failed: retry it, or record it as made another way.")
            }
            return .unavailable(
                payment.pendingRefunds.isPositive
                    ? "Everything left is already being refunded; wait for the payment provider's answer."
                    : "Everything charged has already been refunded.")
        }
        return .available
    }

    /// Refunded units go back on the shelf only when they shipped and came back; units of an order that has not
    /// shipped stay reserved for it, and a cancelled order's stock was settled by its cancellation.
    public static func canRestock(_ order: Order) -> Bool {
        order.status == .fulfilled
    }

    public static func restockRefusal(_ order: Order) -> String {
        order.status == .cancelled
            ? "The cancellation already settled this order's stock, so nothing goes back to the shelf now."
            : "Nothing has shipped yet, so there is nothing to put back on the shelf; the units stay reserved for the order."
    }

    /// The shipping charge can be refunded once, when there was one.
    public static func shippingRefundable(_ order: Order) -> Bool {
        order.totals.shipping.isPositive && !order.shippingRefunded
    }

    public static func shippingRefusal(_ order: Order) -> String {
        order.shippingRefunded ? "The shipping charge has already been refunded." : "This order had no shipping charge."
    }
}
