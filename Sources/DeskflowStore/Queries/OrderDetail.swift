import DeskflowDomain
import Foundation

/// A refund as the order page lists it.
public struct RefundSummary: Hashable, Sendable {
    public typealias State = RefundState

    public var id: Int64
    public var amount: Money
    public var state: State
    public var failureMessage: String?
    public var requestedAt: Date
    /// Why a refund made without cancelling was given; `nil` for a cancellation's.
    public var reason: RefundReason?
    public var note: String?

    package init(
        id: Int64, amount: Money, state: State, failureMessage: String? = nil, requestedAt: Date,
        reason: RefundReason? = nil, note: String? = nil
    ) {
        self.id = id
        self.amount = amount
        self.state = state
        self.failureMessage = failureMessage
        self.requestedAt = requestedAt
        self.reason = reason
        self.note = note
    }
}

/// Everything the order page shows: the order, its refunds and its timeline (newest first).
public struct OrderDetail: Hashable, Sendable {
    public var order: Order
    public var refunds: [RefundSummary]
    public var events: [OrderEvent]

    package init(order: Order, refunds: [RefundSummary], events: [OrderEvent]) {
        self.order = order
        self.refunds = refunds
        self.events = events
    }
}
