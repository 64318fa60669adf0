/// Everything a manager can do to an order from its actions menu.
public enum OrderAction: String, CaseIterable, Sendable {
    case cancel
    case refund
    case retryPayment
    case requestPaymentMethod
    case recordPaymentMethod
    case markPaid
    case retryProcessing
    case fixAddress
    case retryFulfillment
    case fulfill
    case retryRefund
    case markRefunded
    case messageCustomer
    case contactSupport

    public var label: String {
        switch self {
        case .cancel: "Cancel order"
        case .refund: "Refund"
        case .retryPayment: "Retry payment"
        case .requestPaymentMethod: "Ask customer for a new payment method"
        case .recordPaymentMethod: "Record a new payment method"
        case .markPaid: "Mark as paid"
        case .retryProcessing: "Retry processing"
        case .fixAddress: "Edit shipping address"
        case .retryFulfillment: "Retry fulfillment"
        case .fulfill: "Fulfill order"
        case .retryRefund: "Retry refund"
        case .markRefunded: "Record refund made another way"
        case .messageCustomer: "Write to customer"
        case .contactSupport: "Contact support"
        }
    }

    /// Whether this action applies to the order as it stands, and why not when it does not.
    public func availability(for order: Order) -> ActionAvailability {
        if order.status == .cancelled, self != .messageCustomer, self != .retryRefund, self != .markRefunded, self != .refund {
            return self == .cancel
                ? .unavailable(CancellationRefusal.alreadyCancelled(orderNumber: order.number).message)
                : .unavailable("The order is cancelled.")
        }
        switch self {
        case .cancel:
            if case .refused(let refusal) = CancellationPolicy.eligibility(of: order) {
                return .unavailable(refusal.message)
            }
            return .available
        case .refund:
            return RefundRules.availability(for: order)
        case .retryPayment, .requestPaymentMethod, .recordPaymentMethod:
            return order.issue?.kind == .paymentFailed ? .available : .unavailable("The payment has not failed.")
        case .markPaid:
            return order.status == .pending ? .available : .unavailable("The order is not awaiting payment.")
        case .retryProcessing:
            return order.issue?.kind == .processingError
                ? .available : .unavailable("Processing has not failed.")
        case .fixAddress:
            return order.status == .fulfilled
                ? .unavailable("The order has already shipped.") : .available
        case .retryFulfillment:
            return order.issue?.kind == .fulfillmentFailed
                ? .available : .unavailable("Fulfillment has not failed.")
        case .fulfill:
            if order.status != .processing { return .unavailable("Only a processing order can be fulfilled.") }
            if order.issue != nil { return .unavailable("Resolve the open issue first.") }
            return .available
        case .retryRefund:
            return order.issue?.kind == .refundFailed ? .available : .unavailable("No refund has failed.")
        case .markRefunded:
            guard let issue = order.issue, issue.kind == .refundFailed else { return .unavailable("No refund has failed.") }
            // Paying the customer another way while the provider may yet have refunded them would refund twice.
            if issue.providerMayHaveActed {
                return .unavailable(
                    "The payment provider did not answer, so it may have made this refund. Retry it first: the retry asks under the same key and learns the answer.")
            }
            return .available
        case .messageCustomer:
            return .available
        case .contactSupport:
            return SupportRequest.handsOver(order.issue?.kind)
                ? .available : .unavailable("Only a processing error or a failed fulfillment is handed to support.")
        }
    }
}

public enum ActionAvailability: Equatable, Sendable {
    case available
    case unavailable(String)
}
