/// Whether an order may be cancelled, and why not when it may not.
public enum CancellationEligibility: Equatable, Sendable {
    case allowed
    case refused(CancellationRefusal)
}

public enum CancellationRefusal: Error, Equatable, Sendable {
    case alreadyCancelled(orderNumber: Int)
    case fulfilled(orderNumber: Int)
    /// A charge is on its way to the gateway; cancelling now could leave the money taken for a cancelled order.
    case paymentInProgress(orderNumber: Int, amount: Money)

    public var message: String {
        switch self {
        case .paymentInProgress(let number, let amount):
            "A charge of \(amount.formatted) for order #\(number) is still waiting for the payment provider's answer. Retry the payment to settle it, then cancel."
        case .alreadyCancelled(let number):
            "Order #\(number) is already cancelled."
        case .fulfilled(let number):
            "Order #\(number) has been fulfilled, so it can no longer be cancelled."
        }
    }
}

public enum CancellationPolicy {
    /// Cancel is allowed only while the order is pending or processing and nothing has been fulfilled.
    public static func eligibility(of order: Order) -> CancellationEligibility {
        if order.status == .cancelled { return .refused(.alreadyCancelled(orderNumber: order.number)) }
        if order.status == .fulfilled || order.fulfillmentStatus == .fulfilled {
            return .refused(.fulfilled(orderNumber: order.number))
        }
        if order.payment.pendingCharges.isPositive {
            return .refused(.paymentInProgress(orderNumber: order.number, amount: order.payment.pendingCharges))
        }
        return .allowed
    }
}
