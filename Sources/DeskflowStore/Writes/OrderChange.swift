import DeskflowDomain
import Foundation
import GRDB

/// What happens to the open issue.
public enum IssueChange: Hashable, Sendable {
    case keep
    case clear
    /// Open (or keep open) an issue; attempts count up while the kind stays the same.
    case set(kind: IssueKind, code: String, message: String)
}

/// A row for the payments table: a charge, capture or payment received outside the gateway.
public struct PaymentEntry: Hashable, Sendable {
    public var kind: String
    public var amount: Money
    public var status: String
    public var idempotencyKey: String
    public var reference: String?
    public var failureCode: String?
    public var failureMessage: String?

    public init(kind: String, amount: Money, status: String, idempotencyKey: String, reference: String? = nil, failureCode: String? = nil, failureMessage: String? = nil) {
        self.kind = kind
        self.amount = amount
        self.status = status
        self.idempotencyKey = idempotencyKey
        self.reference = reference
        self.failureCode = failureCode
        self.failureMessage = failureMessage
    }
}

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

/// Everything one action does to an order, decided by the operations layer from the domain rules. The store
/// applies it in one transaction and decides nothing.
public struct OrderChange: Sendable {
    public var status: OrderStatus?
    public var paymentStatus: PaymentStatus?
    public var fulfillmentStatus: FulfillmentStatus?
    public var issue: IssueChange = .keep
    public var paymentMethod: PaymentMethod?
    public var shippingAddress: Address?
    public var trackingNumber: String?
    public var authorizedMinor: Int64?
    public var capturedMinor: Int64?
    /// Payment rows to add (a pending charge, a payment received outside the gateway, a capture).
    public var newPayments: [PaymentEntry] = []
    /// A pending payment row, by its key, whose outcome is now known.
    public var completedPayment: PaymentEntry?
    /// A failed refund settled outside the gateway: its id and the reference it was paid with.
    public var refundSettledElsewhere: (refundID: Int64, reference: String)?
    /// Take every line's units off the shelf and out of the reservation: the order has shipped.
    public var shipStock = false
    public var message: (subject: String, body: String)?
    public var messageKind = "customer_message"
    public var events: [EventEntry] = []

    public init() {}
}

/// Who is acting on which order, at which version, under which idempotency key.
public struct OrderActionRequest: Sendable {
    public var orderNumber: Int
    public var expectedVersion: Int
    public var actor: String
    public var idempotency: IdempotencyClaim
    public var now: Date

    public init(orderNumber: Int, expectedVersion: Int, actor: String, idempotency: IdempotencyClaim, now: Date) {
        self.orderNumber = orderNumber
        self.expectedVersion = expectedVersion
        self.actor = actor
        self.idempotency = idempotency
        self.now = now
    }
}

public enum OrderActionResult: Sendable {
    /// The change was applied to this order (as it was before the change).
    case applied(Order)
    case replayed(StoredResult)
}

extension AppDatabase {
    /// A manager's action on an order, in one transaction: replay check, version check, `decide` against the order
    /// under the write lock, the change with its events, and the idempotency record.
    public func applyOrderAction(
        _ request: OrderActionRequest, flash: String?, decide: @Sendable (Order) throws -> OrderChange
    ) async throws -> OrderActionResult {
        try await pool.write { db in
            if let stored = try Self.replay(request.idempotency, db) { return .replayed(stored) }
            guard let record = try OrderRecord.filter(Column("number") == request.orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            guard record.version == request.expectedVersion else { throw StaleVersion(current: record.version) }
            let order = try Self.order(from: record, db)
            let change = try decide(order)
            try Self.apply(change, to: record, order: order, actor: request.actor, now: request.now, db)
            try Self.storeResult(
                request.idempotency, StoredResult(location: "/orders/\(order.number)", flash: flash), now: request.now, db)
            return .applied(order)
        }
    }

    /// Records what an outside system (gateway, warehouse) answered, in its own transaction.
    public func applyOutcome(orderNumber: Int, actor: String, now: Date, decide: @Sendable (Order) throws -> OrderChange) async throws {
        try await pool.write { db in
            guard let record = try OrderRecord.filter(Column("number") == orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            let order = try Self.order(from: record, db)
            try Self.apply(try decide(order), to: record, order: order, actor: actor, now: now, db)
        }
    }

    static func apply(_ change: OrderChange, to original: OrderRecord, order: Order, actor: String, now: Date, _ db: Database) throws {
        var record = original
        let orderID = record.id!
        if let status = change.status { record.status = status }
        if let paymentStatus = change.paymentStatus { record.paymentStatus = paymentStatus }
        if let fulfillment = change.fulfillmentStatus { record.fulfillmentStatus = fulfillment }
        switch change.issue {
        case .keep: break
        case .clear: record.clearIssue()
        case .set(let kind, let code, let message): record.openIssue(kind, code: code, message: message, now: now)
        }
        if let method = change.paymentMethod {
            record.paymentBrand = method.brand
            record.paymentLast4 = method.last4
        }
        if let address = change.shippingAddress {
            record.shipName = address.name
            record.shipLine1 = address.line1
            record.shipLine2 = address.line2
            record.shipCity = address.city
            record.shipRegion = address.region
            record.shipPostalCode = address.postalCode
            record.shipCountry = address.country
        }
        if let tracking = change.trackingNumber { record.trackingNumber = tracking }
        if let authorized = change.authorizedMinor { record.authorizedMinor = authorized }
        if let captured = change.capturedMinor { record.capturedMinor = captured }
        record.version += 1
        record.updatedAt = now
        try record.update(db)

        for payment in change.newPayments {
            let status = try PaymentRecord.Status.decoded(payment.status)
            var row = PaymentRecord(
                id: nil, orderId: orderID, kind: try .decoded(payment.kind), amountMinor: payment.amount.minorUnits,
                status: status, idempotencyKey: payment.idempotencyKey, gatewayReference: payment.reference,
                failureCode: payment.failureCode, failureMessage: payment.failureMessage, createdAt: now,
                completedAt: status == .pending ? nil : now)
            try row.insert(db)
        }
        if let completed = change.completedPayment {
            try db.execute(
                sql: """
                    UPDATE payments SET status = ?, gateway_reference = ?, failure_code = ?, failure_message = ?, completed_at = ?
                    WHERE idempotency_key = ? AND order_id = ?
                    """,
                arguments: [
                    completed.status, completed.reference, completed.failureCode, completed.failureMessage, now,
                    completed.idempotencyKey, orderID,
                ])
        }
        if let settled = change.refundSettledElsewhere {
            guard var refund = try RefundRecord.fetchOne(db, key: settled.refundID), refund.orderId == orderID,
                refund.status == .failed
            else { throw RefundRetryError.notRetryable }
            refund.status = .succeeded
            refund.gatewayReference = "external: \(settled.reference)"
            refund.failureMessage = nil
            refund.completedAt = now
            try refund.update(db)
            let refunded = try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status = 'succeeded'",
                arguments: [orderID]) ?? 0
            let stillFailed = try RefundRecord.filter(Column("order_id") == orderID && Column("status") == "failed").fetchCount(db)
            record.paymentStatus = PaymentSettlement.statusAfterRefunds(
                captured: record.money(record.capturedMinor), refunded: record.money(refunded), current: record.paymentStatus)
            if stillFailed == 0 { record.clearIssue() }
            try record.update(db)
        }
        if change.shipStock {
            let units = Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
            for (sku, quantity) in units.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "UPDATE stock_levels SET on_hand = on_hand - ?, committed = committed - ? WHERE sku = ?",
                    arguments: [quantity, quantity, sku])
                var ledger = InventoryLedgerRecord(
                    id: nil, sku: sku, orderId: orderID, onHandChange: -quantity, committedChange: -quantity,
                    reason: "Shipped with order #\(order.number)", actor: actor, createdAt: now)
                try ledger.insert(db)
            }
        }
        if let message = change.message {
            var outbox = OutboxRecord(
                id: nil, orderId: orderID, kind: change.messageKind, recipient: order.customer.email,
                subject: message.subject, body: message.body, state: .queued, attempts: 0, lastError: nil,
                createdAt: now, sentAt: nil, nextAttemptAt: nil, claimedAt: nil)
            try outbox.insert(db)
        }
        for (index, event) in change.events.enumerated() {
            var row = OrderEventRecord(
                id: nil, orderId: orderID, kind: event.kind, actor: actor, summary: event.summary,
                amountMinor: event.amount?.minorUnits, createdAt: now.addingTimeInterval(Double(index) / 1000))
            try row.insert(db)
        }
    }
}
