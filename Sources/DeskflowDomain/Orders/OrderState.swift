/// The combination of the three status axes and the open issue. Not every combination can happen:
/// `isPossible` says which can, and the demo store covers each of those.
public struct OrderState: Hashable, Sendable {
    public var status: OrderStatus
    public var payment: PaymentStatus
    public var fulfillment: FulfillmentStatus
    public var issue: IssueKind?

    public init(status: OrderStatus, payment: PaymentStatus, fulfillment: FulfillmentStatus, issue: IssueKind?) {
        self.status = status
        self.payment = payment
        self.fulfillment = fulfillment
        self.issue = issue
    }

    public var isPossible: Bool {
        switch status {
        case .pending:
            // Awaiting payment: nothing is captured or shipped; a failed charge is an open payment issue.
            return fulfillment == .unfulfilled
                && ((payment == .pending && issue == nil) || (payment == .failed && issue == .paymentFailed))
        case .processing:
            guard [.authorized, .paid, .partiallyRefunded].contains(payment) else { return false }
            switch issue {
            case nil, .processingError: return fulfillment == .unfulfilled
            case .fulfillmentFailed: return fulfillment == .failed
            case .refundFailed: return fulfillment == .unfulfilled && payment != .authorized
            case .paymentFailed: return false
            }
        case .fulfilled:
            guard fulfillment == .fulfilled else { return false }
            switch issue {
            case nil: return [.paid, .partiallyRefunded, .refunded].contains(payment)
            // A refund after shipping failed; the money it was for is still with the store.
            case .refundFailed: return [.paid, .partiallyRefunded].contains(payment)
            default: return false
            }
        case .cancelled:
            guard fulfillment == .unfulfilled else { return false }
            switch issue {
            case nil: return [.voided, .refunded, .partiallyRefunded, .paid, .failed].contains(payment)
            // The order is cancelled but money that should go back has not yet.
            case .refundFailed: return [.paid, .partiallyRefunded].contains(payment)
            default: return false
            }
        }
    }

    /// Every possible combination, in a stable order.
    public static let allPossible: [OrderState] = OrderStatus.allCases.flatMap { status in
        PaymentStatus.allCases.flatMap { payment in
            FulfillmentStatus.allCases.flatMap { fulfillment in
                ([nil] + IssueKind.allCases.map(Optional.some)).compactMap { issue in
                    let state = OrderState(status: status, payment: payment, fulfillment: fulfillment, issue: issue)
                    return state.isPossible ? state : nil
                }
            }
        }
    }
}

extension Order {
    public var state: OrderState {
        OrderState(status: status, payment: paymentStatus, fulfillment: fulfillmentStatus, issue: issue?.kind)
    }
}
