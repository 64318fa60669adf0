import Foundation

/// Everything one decision does to an order, worked out by the domain from the order as it stands under the
/// store's write lock. The store writes it in one transaction, with its events, and decides nothing.
public struct OrderChange: Hashable, Sendable {
    public var status: OrderStatus?
    public var paymentStatus: PaymentStatus?
    public var fulfillmentStatus: FulfillmentStatus?
    public var issue: IssueChange = .keep
    public var paymentMethod: NewPaymentMethod?
    public var shippingAddress: Address?
    public var trackingNumber: String?
    public var authorized: Money?
    public var captured: Money?
    /// Payment rows to add: a pending charge, capture or void, or a payment received outside the gateway.
    public var newPayments: [NewPayment] = []
    /// Pending payment rows, by key, whose outcome is now known.
    public var settledPayments: [SettledCall] = []
    /// Refunds to add, pending until the provider answers.
    public var newRefunds: [NewRefund] = []
    /// Existing refunds, by key, that move to another state.
    public var refundUpdates: [RefundUpdate] = []
    /// Units of each SKU a refund pays back, added to what its line has had refunded.
    public var refundedUnits: [String: Int] = [:]
    /// A refund paid back the shipping charge.
    public var refundsShipping = false
    public var stock: [StockMovement] = []
    public var cancellation: CancellationEntry?
    public var message: CustomerMessage?
    /// A request for help queued for the support address.
    public var supportRequest: SupportRequest?
    public var events: [EventEntry] = []
    /// The call to make to the payment provider once this change is committed, under its own key.
    public var outgoingCall: PaymentCall?
    /// What the manager is told, and what a repeat of the same form is told.
    public var flash: String?

    public init() {}

    /// Nothing to write: the outcome was recorded before, or the answer changes nothing.
    public var writesNothing: Bool {
        var bare = self
        bare.outgoingCall = nil
        bare.flash = nil
        return bare == OrderChange()
    }
}

/// What happens to the order's open issue.
public enum IssueChange: Hashable, Sendable {
    case keep
    case clear
    case open(OrderIssue)

    /// The order's open issue, marked as having had its fix made: a retry is worth trying again.
    static func fixMade(on order: Order) -> IssueChange {
        guard var issue = order.issue, !issue.fixMade else { return .keep }
        issue.fixMade = true
        return .open(issue)
    }
}

public struct NewPayment: Hashable, Sendable {
    public var kind: PaymentKind
    public var amount: Money
    public var state: CallState
    public var idempotencyKey: String
    public var reference: String?

    public init(kind: PaymentKind, amount: Money, state: CallState, idempotencyKey: String, reference: String? = nil) {
        self.kind = kind
        self.amount = amount
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.reference = reference
    }
}

/// The provider's final answer, written on the pending row with that key.
public struct SettledCall: Hashable, Sendable {
    public var idempotencyKey: String
    public var outcome: GatewayOutcome

    public init(idempotencyKey: String, outcome: GatewayOutcome) {
        self.idempotencyKey = idempotencyKey
        self.outcome = outcome
    }
}

public struct NewRefund: Hashable, Sendable {
    public var amount: Money
    public var idempotencyKey: String
    /// Why a refund made without cancelling was given; `nil` for a cancellation's, whose reason the cancellation keeps.
    public var reason: RefundReason?
    public var note: String

    public init(amount: Money, idempotencyKey: String, reason: RefundReason? = nil, note: String = "") {
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.reason = reason
        self.note = note
    }
}

/// A refund row moving to another state.
public enum RefundUpdate: Hashable, Sendable {
    /// The provider's final answer to a pending refund.
    case settled(idempotencyKey: String, outcome: GatewayOutcome)
    /// A failed refund goes back to pending, to be sent again under its own key.
    case retried(idempotencyKey: String)
    /// A failed refund superseded by the refund a cancellation issues instead.
    case replaced(idempotencyKey: String)
    /// A failed refund the customer was paid back another way (bank transfer, store credit).
    case paidElsewhere(idempotencyKey: String, reference: String)

    public var idempotencyKey: String {
        switch self {
        case .settled(let key, _), .retried(let key), .replaced(let key), .paidElsewhere(let key, _): key
        }
    }

    public var state: RefundState {
        switch self {
        case .settled(_, let outcome): outcome.succeeded ? .succeeded : .failed
        case .retried: .pending
        case .replaced: .replaced
        case .paidElsewhere: .succeeded
        }
    }
}

/// Units moving on a shelf for this order, with the reason the inventory ledger keeps.
public struct StockMovement: Hashable, Sendable {
    public var sku: String
    public var onHandChange: Int
    public var committedChange: Int
    public var reason: String

    public init(sku: String, onHandChange: Int, committedChange: Int, reason: String) {
        self.sku = sku
        self.onHandChange = onHandChange
        self.committedChange = committedChange
        self.reason = reason
    }
}

/// The cancellation as the order and the cancellations report keep it.
public struct CancellationEntry: Hashable, Sendable {
    public var reason: CancelReason
    public var note: String
    public var refund: Money
    public var void: Money
    public var restocked: Bool
    public var notified: Bool

    public init(reason: CancelReason, note: String, refund: Money, void: Money, restocked: Bool, notified: Bool) {
        self.reason = reason
        self.note = note
        self.refund = refund
        self.void = void
        self.restocked = restocked
        self.notified = notified
    }
}

/// An email to the order's customer, queued in the outbox with the change.
public struct CustomerMessage: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case orderCancelled = "order_cancelled"
        case paymentMethodRequest = "payment_method_request"
        case customerMessage = "customer_message"
        case refundIssued = "refund_issued"
    }

    public var kind: Kind
    public var subject: String
    public var body: String

    public init(kind: Kind, subject: String, body: String) {
        self.kind = kind
        self.subject = subject
        self.body = body
    }
}

/// One timeline entry the change writes. Its wording comes from `Timeline`.
public struct EventEntry: Hashable, Sendable {
    public var kind: OrderEventKind
    public var summary: String
    public var amount: Money?

    public init(_ kind: OrderEventKind, _ summary: String, amount: Money? = nil) {
        self.kind = kind
        self.summary = summary
        self.amount = amount
    }
}
