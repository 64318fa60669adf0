import DeskflowDomain
import Foundation
import GRDB

/// Everything the cancellation transaction writes, decided by the caller from the order as it stands under the
/// write lock.
public struct CancellationDecision: Sendable {
    public var command: CancellationCommand
    public var effects: CancellationEffects
    /// The customer's email, when they are to be told.
    public var message: (subject: String, body: String)?
    /// What the flash says if the same key is replayed before the gateway has answered.
    public var provisionalFlash: String

    public init(command: CancellationCommand, effects: CancellationEffects, message: (subject: String, body: String)?, provisionalFlash: String) {
        self.command = command
        self.effects = effects
        self.message = message
        self.provisionalFlash = provisionalFlash
    }
}

public struct CancellationRequest: Sendable {
    public var orderNumber: Int
    public var expectedVersion: Int
    public var staffID: Int64
    public var staffName: String
    public var idempotency: IdempotencyClaim
    /// The key the refund or void will carry to the gateway, now and on every retry.
    public var paymentKey: String
    public var now: Date

    public init(orderNumber: Int, expectedVersion: Int, staffID: Int64, staffName: String, idempotency: IdempotencyClaim, paymentKey: String, now: Date) {
        self.orderNumber = orderNumber
        self.expectedVersion = expectedVersion
        self.staffID = staffID
        self.staffName = staffName
        self.idempotency = idempotency
        self.paymentKey = paymentKey
        self.now = now
    }
}

/// A call the gateway still has to make, recorded as `pending` before it is made.
public struct PendingPaymentCall: Hashable, Sendable {
    public enum Kind: String, Sendable { case refund, void, charge, capture }

    public var kind: Kind
    /// The `refunds` row id for a refund, the `payments` row id for a void, a charge or a capture.
    public var rowID: Int64
    public var orderNumber: Int
    public var amount: Money
    public var idempotencyKey: String
    public var cardLast4: String?
    public var cardLabel: String?
}

public enum CancellationWriteResult: Sendable {
    case cancelled(order: Order, command: CancellationCommand, pendingCall: PendingPaymentCall?)
    case replayed(StoredResult)
}

extension AppDatabase {
    /// Cancels an order in one transaction: status, refund or void (pending), stock, outbox message, events,
    /// the cancellation record and the idempotency key, all or nothing.
    public func cancelOrder(
        _ request: CancellationRequest, decide: @Sendable (Order) throws -> CancellationDecision
    ) async throws -> CancellationWriteResult {
        try await pool.write { db in
            if let stored = try Self.replay(request.idempotency, db) { return .replayed(stored) }
            guard var record = try OrderRecord.filter(Column("number") == request.orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            guard record.version == request.expectedVersion else { throw StaleVersion(current: record.version) }
            let order = try Self.order(from: record, db)
            let decision = try decide(order)
            let command = decision.command
            let orderID = record.id!
            let now = request.now
            let actor = request.staffName

            record.status = .cancelled
            record.paymentStatus = decision.effects.paymentStatus
            record.fulfillmentStatus = .unfulfilled
            record.clearIssue()
            record.cancelReason = command.reason
            record.cancelNote = command.note
            record.cancelledAt = now
            record.cancelledBy = actor
            record.version += 1
            record.updatedAt = now
            try record.update(db)

            let keptNote = command.refund == .noRefund ? " No refund issued." : ""
            var events: [(OrderEventKind, String, Int64?)] = [
                (.orderCancelled, "Order cancelled: \(command.reason.label).\(keptNote)", nil)
            ]
            var pendingCall: PendingPaymentCall?
            var refundMinor: Int64 = 0
            var voidMinor: Int64 = 0
            switch command.refund {
            case .refund(let amount):
                var refund = RefundRecord(
                    id: nil, orderId: orderID, amountMinor: amount.minorUnits, status: .pending,
                    idempotencyKey: request.paymentKey, gatewayReference: nil, failureMessage: nil,
                    requestedBy: actor, createdAt: now, completedAt: nil)
                try refund.insert(db)
                refundMinor = amount.minorUnits
                events.append((.refundRequested, "Refund of \(amount.formatted) requested.", amount.minorUnits))
                pendingCall = PendingPaymentCall(
                    kind: .refund, rowID: refund.id!, orderNumber: order.number, amount: amount,
                    idempotencyKey: request.paymentKey, cardLast4: order.payment.method?.last4, cardLabel: order.payment.method?.label)
            case .voidAuthorization(let amount):
                var payment = PaymentRecord(
                    id: nil, orderId: orderID, kind: .void, amountMinor: amount.minorUnits, status: .pending,
                    idempotencyKey: request.paymentKey, gatewayReference: nil, failureCode: nil, failureMessage: nil,
                    createdAt: now, completedAt: nil)
                try payment.insert(db)
                voidMinor = amount.minorUnits
                pendingCall = PendingPaymentCall(
                    kind: .void, rowID: payment.id!, orderNumber: order.number, amount: amount,
                    idempotencyKey: request.paymentKey, cardLast4: order.payment.method?.last4, cardLabel: order.payment.method?.label)
            case .noRefund, .nothingToRefund:
                break
            }

            // The cancellation decides afresh what goes back; refunds that failed before are replaced by it.
            try db.execute(
                sql: "UPDATE refunds SET status = 'replaced' WHERE order_id = ? AND status = 'failed'", arguments: [orderID])
            try Self.releaseStock(order: order, effects: decision.effects, orderID: orderID, actor: actor, now: now, db)
            let restockedUnits = decision.effects.restocked.values.reduce(0, +)
            let writtenOffUnits = decision.effects.writtenOff.values.reduce(0, +)
            if restockedUnits > 0 {
                events.append((.itemsRestocked, "\(restockedUnits) item\(restockedUnits == 1 ? "" : "s") returned to stock.", nil))
            } else if writtenOffUnits > 0 {
                events.append((.itemsRestocked, "\(writtenOffUnits) item\(writtenOffUnits == 1 ? "" : "s") not returned to stock (written off).", nil))
            }
            if let message = decision.message {
                var outbox = OutboxRecord(
                    id: nil, orderId: orderID, kind: "order_cancelled", recipient: order.customer.email,
                    subject: message.subject, body: message.body, state: .queued, attempts: 0, lastError: nil,
                    createdAt: now, sentAt: nil, nextAttemptAt: nil, claimedAt: nil)
                try outbox.insert(db)
                events.append((.customerNotified, "Cancellation email to \(order.customer.email) queued.", nil))
            }
            for (index, event) in events.enumerated() {
                var row = OrderEventRecord(
                    id: nil, orderId: orderID, kind: event.0, actor: actor, summary: event.1,
                    amountMinor: event.2, createdAt: now.addingTimeInterval(Double(index) / 1000))
                try row.insert(db)
            }
            var cancellation = CancellationRow(
                id: nil, orderId: orderID, reason: command.reason, note: command.note,
                refundMinor: refundMinor, voidMinor: voidMinor, currency: order.currency,
                restocked: command.restock, notified: command.notifyCustomer, staffId: request.staffID,
                staffName: actor, createdAt: now)
            try cancellation.insert(db)
            try Self.storeResult(
                request.idempotency, StoredResult(location: "/orders/\(order.number)", flash: decision.provisionalFlash),
                now: now, db)
            return .cancelled(order: order, command: command, pendingCall: pendingCall)
        }
    }

    /// Releases the order's reservation: units go back to available stock, or are written off the shelf.
    static func releaseStock(order: Order, effects: CancellationEffects, orderID: Int64, actor: String, now: Date, _ db: Database) throws {
        for (sku, units) in effects.restocked.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "UPDATE stock_levels SET committed = committed - ? WHERE sku = ?", arguments: [units, sku])
            var row = InventoryLedgerRecord(
                id: nil, sku: sku, orderId: orderID, onHandChange: 0, committedChange: -units,
                reason: "Restocked: order #\(order.number) cancelled", actor: actor, createdAt: now)
            try row.insert(db)
        }
        for (sku, units) in effects.writtenOff.sorted(by: { $0.key < $1.key }) {
            // A shelf cannot hold fewer than zero units: only what is there can be written off.
            let onHand = try Int.fetchOne(db, sql: "SELECT on_hand FROM stock_levels WHERE sku = ?", arguments: [sku]) ?? 0
            let removed = min(units, max(onHand, 0))
            try db.execute(
                sql: "UPDATE stock_levels SET committed = committed - ?, on_hand = on_hand - ? WHERE sku = ?",
                arguments: [units, removed, sku])
            var row = InventoryLedgerRecord(
                id: nil, sku: sku, orderId: orderID, onHandChange: -removed, committedChange: -units,
                reason: "Written off: order #\(order.number) cancelled without restock", actor: actor, createdAt: now)
            try row.insert(db)
        }
    }
}
