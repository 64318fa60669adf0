/// What a payments row records: a call to the provider, or money received outside it.
public enum PaymentKind: String, Sendable, CaseIterable {
    case authorization, capture, charge, void
    /// Paid outside the gateway (bank transfer, cash), recorded by a manager.
    case external
}

/// Where a call to the payment provider stands.
public enum CallState: String, Sendable, CaseIterable {
    case pending, succeeded, failed
}

/// Where a refund stands.
public enum RefundState: String, Sendable, CaseIterable {
    case pending, succeeded, failed
    /// Failed, then superseded by the refund a cancellation issued instead.
    case replaced
}

/// A payments row as the domain sees it.
public struct PaymentRow: Hashable, Sendable {
    public var kind: PaymentKind
    public var amount: Money
    public var state: CallState
    public var idempotencyKey: String

    public init(kind: PaymentKind, amount: Money, state: CallState, idempotencyKey: String) {
        self.kind = kind
        self.amount = amount
        self.state = state
        self.idempotencyKey = idempotencyKey
    }
}

/// A refunds row as the domain sees it.
public struct RefundRow: Hashable, Sendable {
    public var id: Int64
    public var amount: Money
    public var state: RefundState
    public var idempotencyKey: String

    public init(id: Int64, amount: Money, state: RefundState, idempotencyKey: String) {
        self.id = id
        self.amount = amount
        self.state = state
        self.idempotencyKey = idempotencyKey
    }
}

/// The order with its money rows and the shelf stock of its lines, as they stand under the write lock: everything a
/// decision reads.
public struct OrderSnapshot: Hashable, Sendable {
    public var order: Order
    public var payments: [PaymentRow]
    public var refunds: [RefundRow]
    /// Units on hand for each SKU of the order's lines.
    public var onHand: [String: Int]

    public init(order: Order, payments: [PaymentRow] = [], refunds: [RefundRow] = [], onHand: [String: Int] = [:]) {
        self.order = order
        self.payments = payments
        self.refunds = refunds
        self.onHand = onHand
    }

    public func payment(key: String) -> PaymentRow? { payments.first { $0.idempotencyKey == key } }
    public func refund(key: String) -> RefundRow? { refunds.first { $0.idempotencyKey == key } }

    /// What has gone back to the customer so far, once `change` is applied.
    func refunded(after updates: [RefundUpdate]) -> Money {
        refunds.reduce(Money.zero(order.currency)) { total, refund in
            let state = updates.last { $0.idempotencyKey == refund.idempotencyKey }?.state ?? refund.state
            return state == .succeeded ? total + refund.amount : total
        }
    }

    /// Whether any refund is still failed once `updates` are applied.
    func anyRefundFailed(after updates: [RefundUpdate]) -> Bool {
        refunds.contains { refund in
            (updates.last { $0.idempotencyKey == refund.idempotencyKey }?.state ?? refund.state) == .failed
        }
    }
}
