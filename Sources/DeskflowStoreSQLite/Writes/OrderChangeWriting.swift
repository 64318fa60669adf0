import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes a decided change: the order row (with its version bumped), payments, refunds, stock with its ledger,
    /// the cancellation record, the outbox message and the events. What to write was decided; this only writes it.
    static func write(
        _ change: OrderChange, to original: OrderRecord, snapshot: OrderSnapshot, staffID: Int64?, actor: String, now: Date,
        _ db: Database
    ) throws {
        let order = snapshot.order
        let orderID = original.id!
        var record = original
        if let status = change.status { record.status = status }
        if let paymentStatus = change.paymentStatus { record.paymentStatus = paymentStatus }
        if let fulfillment = change.fulfillmentStatus { record.fulfillmentStatus = fulfillment }
        switch change.issue {
        case .keep: break
        case .clear: record.set(issue: nil)
        case .open(let issue): record.set(issue: issue)
        }
        if let method = change.paymentMethod {
            record.paymentBrand = method.card?.brand
            record.paymentLast4 = method.card?.last4
            record.paymentMethodReference = method.reference
        }
        if let address = change.shippingAddress { record.set(shippingAddress: address) }
        if let tracking = change.trackingNumber { record.trackingNumber = tracking }
        if let authorized = change.authorized { record.authorizedMinor = authorized.minorUnits }
        if let captured = change.captured { record.capturedMinor = captured.minorUnits }
        if change.refundsShipping { record.shippingRefunded = true }
        if let cancellation = change.cancellation {
            record.cancelReason = cancellation.reason
            record.cancelNote = cancellation.note
            record.cancelledAt = now
            record.cancelledBy = actor
        }
        record.version += 1
        record.updatedAt = now
        try record.update(db)

        for payment in change.newPayments {
            var row = PaymentRecord(
                id: nil, orderId: orderID, kind: payment.kind, amountMinor: payment.amount.minorUnits,
                status: payment.state, idempotencyKey: payment.idempotencyKey, gatewayReference: payment.reference,
                failureCode: nil, failureMessage: nil, createdAt: now, completedAt: payment.state == .pending ? nil : now)
            try row.insert(db)
        }
        for settled in change.settledPayments {
            let outcome = settled.outcome
            try db.execute(
                sql: """
                    UPDATE payments SET status = ?, gateway_reference = ?, failure_code = ?, failure_message = ?, completed_at = ?
                    WHERE idempotency_key = ? AND order_id = ?
                    """,
                arguments: [
                    (outcome.succeeded ? CallState.succeeded : .failed).rawValue, outcome.reference, outcome.failureCode,
                    outcome.failureMessage, now, settled.idempotencyKey, orderID,
                ])
        }
        for refund in change.newRefunds {
            var row = RefundRecord(
                id: nil, orderId: orderID, amountMinor: refund.amount.minorUnits, status: .pending,
                idempotencyKey: refund.idempotencyKey, gatewayReference: nil, failureMessage: nil, requestedBy: actor,
                createdAt: now, completedAt: nil, reason: refund.reason, note: refund.note.isEmpty ? nil : refund.note)
            try row.insert(db)
        }
        for (sku, units) in change.refundedUnits.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "UPDATE line_items SET refunded_quantity = refunded_quantity + ? WHERE order_id = ? AND sku = ?",
                arguments: [units, orderID, sku])
        }
        for update in change.refundUpdates {
            try write(update, orderID: orderID, now: now, db)
        }
        for movement in change.stock {
            try write(movement, orderID: orderID, actor: actor, now: now, db)
        }
        if let cancellation = change.cancellation {
            var row = CancellationRow(
                id: nil, orderId: orderID, reason: cancellation.reason, note: cancellation.note,
                refundMinor: cancellation.refund.minorUnits, voidMinor: cancellation.void.minorUnits, currency: order.currency,
                restocked: cancellation.restocked, notified: cancellation.notified, staffId: staffID, staffName: actor,
                createdAt: now)
            try row.insert(db)
        }
        if let message = change.message {
            var outbox = OutboxRecord(
                id: nil, orderId: orderID, kind: message.kind.rawValue, recipient: order.customer.email,
                subject: message.subject, body: message.body, state: .queued, attempts: 0, lastError: nil,
                createdAt: now, sentAt: nil, nextAttemptAt: nil, claimedAt: nil)
            try outbox.insert(db)
        }
        if let request = change.supportRequest {
            var outbox = OutboxRecord(
                id: nil, orderId: orderID, kind: SupportRequest.kind, recipient: request.to.value, subject: request.subject,
                body: request.body, state: .queued, attempts: 0, lastError: nil, createdAt: now, sentAt: nil, nextAttemptAt: nil,
                claimedAt: nil, replyTo: request.replyTo)
            try outbox.insert(db)
        }
        for (index, event) in change.events.enumerated() {
            // A millisecond apart, so the timeline keeps the order they were decided in.
            var row = OrderEventRecord(
                id: nil, orderId: orderID, kind: event.kind, actor: actor, summary: event.summary,
                amountMinor: event.amount?.minorUnits, createdAt: now.addingTimeInterval(Double(index) / 1000))
            try row.insert(db)
        }
    }

    /// Moves stock on the shelf and in the reservation, with its ledger row.
    static func write(_ movement: StockMovement, orderID: Int64, actor: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE stock_levels SET on_hand = on_hand + ?, committed = committed + ? WHERE sku = ?",
            arguments: [movement.onHandChange, movement.committedChange, movement.sku])
        var ledger = InventoryLedgerRecord(
            id: nil, sku: movement.sku, orderId: orderID, onHandChange: movement.onHandChange,
            committedChange: movement.committedChange, reason: movement.reason, actor: actor, createdAt: now)
        try ledger.insert(db)
    }

    private static func write(_ update: RefundUpdate, orderID: Int64, now: Date, _ db: Database) throws {
        let state = update.state.rawValue
        let key = update.idempotencyKey
        switch update {
        case .settled(_, let outcome):
            try db.execute(
                sql: """
                    UPDATE refunds SET status = ?, gateway_reference = ?, failure_message = ?, completed_at = ?
                    WHERE idempotency_key = ? AND order_id = ?
                    """,
                arguments: [state, outcome.reference, outcome.succeeded ? nil : outcome.failureMessage, now, key, orderID])
        case .retried:
            try db.execute(
                sql: "UPDATE refunds SET status = ?, failure_message = NULL WHERE idempotency_key = ? AND order_id = ?",
                arguments: [state, key, orderID])
        case .replaced:
            try db.execute(
                sql: "UPDATE refunds SET status = ? WHERE idempotency_key = ? AND order_id = ?", arguments: [state, key, orderID])
        case .paidElsewhere(_, let reference):
            try db.execute(
                sql: """
                    UPDATE refunds SET status = ?, gateway_reference = ?, failure_message = NULL, completed_at = ?
                    WHERE idempotency_key = ? AND order_id = ?
                    """,
                arguments: [state, "external: \(reference)", now, key, orderID])
        }
    }
}

extension OrderRecord {
    mutating func set(issue: OrderIssue?) {
        issueKind = issue?.kind
        issueCode = issue?.code
        issueMessage = issue?.message
        issueSince = issue?.since
        issueAttempts = issue?.attempts ?? 0
        issueFixMade = issue?.fixMade ?? false
    }

    mutating func set(shippingAddress address: Address) {
        shipName = address.name
        shipLine1 = address.line1
        shipLine2 = address.line2
        shipCity = address.city
        shipRegion = address.region
        shipPostalCode = address.postalCode
        shipCountry = address.country
    }
}
