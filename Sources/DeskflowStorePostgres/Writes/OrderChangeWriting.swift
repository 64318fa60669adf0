import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Writes a decided change: the order row (with its version bumped), payments, refunds, stock with its ledger,
    /// the cancellation record, the outbox messages and the events. What to write was decided; this only writes it.
    /// The order row is locked already (`lockedOrder`); stock rows are locked here in SKU order before they move.
    static func write(
        _ change: OrderChange, to original: OrderRow, snapshot: OrderSnapshot, staffID: Int64?, actor: String,
        now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let now = now.stored.date
        let order = snapshot.order
        let orderID = original.id
        var record = original
        if let status = change.status { record.status = status }
        if let paymentStatus = change.paymentStatus { record.paymentStatus = paymentStatus }
        if let fulfillment = change.fulfillmentStatus { record.fulfillmentStatus = fulfillment }
        switch change.issue {
        case .keep: break
        case .clear: record.issue = nil
        case .open(let issue): record.issue = issue
        }
        if let method = change.paymentMethod {
            record.paymentMethod = method.card
            record.paymentMethodReference = method.reference
        }
        if let address = change.shippingAddress { record.shippingAddress = address }
        if let tracking = change.trackingNumber { record.trackingNumber = tracking }
        if let authorized = change.authorized { record.authorizedMinor = authorized.minorUnits }
        if let captured = change.captured { record.capturedMinor = captured.minorUnits }
        if change.refundsShipping { record.shippingRefunded = true }
        if let cancellation = change.cancellation {
            record.cancellation = CancellationRecord(
                reason: cancellation.reason, note: cancellation.note, cancelledAt: now, cancelledBy: actor)
        }
        record.version += 1
        record.updatedAt = now
        try await update(record, on: connection, logger: logger)

        for payment in change.newPayments {
            try await connection.perform(
                """
                INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, gateway_reference, created_at,
                  completed_at)
                VALUES (\(orderID), \(payment.kind.rawValue), \(payment.amount.minorUnits), \(payment.state.rawValue),
                  \(payment.idempotencyKey), \(payment.reference), \(now), \(payment.state == .pending ? nil : now))
                """,
                logger: logger)
        }
        for settled in change.settledPayments {
            let outcome = settled.outcome
            try await connection.perform(
                """
                UPDATE payments SET status = \((outcome.succeeded ? CallState.succeeded : .failed).rawValue),
                  gateway_reference = \(outcome.reference), failure_code = \(outcome.failureCode),
                  failure_message = \(outcome.failureMessage), completed_at = \(now)
                WHERE idempotency_key = \(settled.idempotencyKey) AND order_id = \(orderID)
                """,
                logger: logger)
        }
        for refund in change.newRefunds {
            try await connection.perform(
                """
                INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at, reason, note)
                VALUES (\(orderID), \(refund.amount.minorUnits), \(RefundState.pending.rawValue), \(refund.idempotencyKey),
                  \(actor), \(now), \(refund.reason?.rawValue), \(refund.note.isEmpty ? nil : refund.note))
                """,
                logger: logger)
        }
        for (sku, units) in change.refundedUnits.sorted(by: { $0.key < $1.key }) {
            try await connection.perform(
                """
                UPDATE line_items SET refunded_quantity = refunded_quantity + \(units)
                WHERE order_id = \(orderID) AND sku = \(sku)
                """,
                logger: logger)
        }
        for update in change.refundUpdates {
            try await write(update, orderID: orderID, now: now, on: connection, logger: logger)
        }
        try await lockStock(skus: change.stock.map(\.sku), on: connection, logger: logger)
        for movement in change.stock {
            try await write(movement, orderID: orderID, actor: actor, now: now, on: connection, logger: logger)
        }
        if let cancellation = change.cancellation {
            try await connection.perform(
                """
                INSERT INTO cancellations (order_id, reason, note, refund_minor, void_minor, currency, restocked, notified,
                  staff_id, staff_name, created_at)
                VALUES (\(orderID), \(cancellation.reason.rawValue), \(cancellation.note), \(cancellation.refund.minorUnits),
                  \(cancellation.void.minorUnits), \(order.currency.code), \(cancellation.restocked), \(cancellation.notified),
                  \(staffID), \(actor), \(now))
                """,
                logger: logger)
        }
        if let message = change.message {
            try await queueMessage(
                orderID: orderID, kind: message.kind.rawValue, recipient: order.customer.email, subject: message.subject,
                body: message.body, replyTo: nil, now: now, on: connection, logger: logger)
        }
        if let request = change.supportRequest {
            try await queueMessage(
                orderID: orderID, kind: SupportRequest.kind, recipient: request.to.value, subject: request.subject,
                body: request.body, replyTo: request.replyTo, now: now, on: connection, logger: logger)
        }
        for (index, event) in change.events.enumerated() {
            // A millisecond apart, so the timeline keeps the order they were decided in.
            let at = now.addingTimeInterval(Double(index) / 1000).stored.date
            try await connection.perform(
                """
                INSERT INTO order_events (order_id, kind, actor, summary, amount_minor, created_at)
                VALUES (\(orderID), \(event.kind.rawValue), \(actor), \(event.summary), \(event.amount?.minorUnits), \(at))
                """,
                logger: logger)
        }
    }

    /// The order row as changed, version and all.
    private static func update(_ record: OrderRow, on connection: PostgresConnection, logger: Logger) async throws {
        let issue = record.issue
        let cancellation = record.cancellation
        let address = record.shippingAddress
        try await connection.perform(
            """
            UPDATE orders SET
              status = \(record.status.rawValue), payment_status = \(record.paymentStatus.rawValue),
              fulfillment_status = \(record.fulfillmentStatus.rawValue),
              issue_kind = \(issue?.kind.rawValue), issue_code = \(issue?.code), issue_message = \(issue?.message),
              issue_since = \(issue?.since.stored), issue_attempts = \(issue?.attempts ?? 0),
              issue_fix_made = \(issue?.fixMade ?? false),
              payment_brand = \(record.paymentMethod?.brand), payment_last4 = \(record.paymentMethod?.last4),
              payment_method_reference = \(record.paymentMethodReference),
              ship_name = \(address.name), ship_line1 = \(address.line1), ship_line2 = \(address.line2),
              ship_city = \(address.city), ship_region = \(address.region), ship_postal_code = \(address.postalCode),
              ship_country = \(address.country),
              tracking_number = \(record.trackingNumber),
              authorized_minor = \(record.authorizedMinor), captured_minor = \(record.capturedMinor),
              shipping_refunded = \(record.shippingRefunded),
              cancel_reason = \(cancellation?.reason.rawValue), cancel_note = \(cancellation?.note),
              cancelled_at = \(cancellation?.cancelledAt.stored), cancelled_by = \(cancellation?.cancelledBy),
              version = \(record.version), updated_at = \(record.updatedAt.stored)
            WHERE id = \(record.id)
            """,
            logger: logger)
    }

    /// Locks the stock rows of `skus` in SKU order, the one order every writer takes them in, so two writers moving
    /// stock of the same products never wait on each other in a circle.
    static func lockStock(skus: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let skus = Array(Set(skus)).sorted()
        guard !skus.isEmpty else { return }
        try await connection.perform(
            "SELECT sku FROM stock_levels WHERE sku = ANY(\(skus)) ORDER BY sku FOR UPDATE", logger: logger)
    }

    /// Moves stock on the shelf and in the reservation, with its ledger row. The stock row is locked (`lockStock`).
    static func write(
        _ movement: StockMovement, orderID: Int64?, actor: String, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.perform(
            """
            UPDATE stock_levels SET on_hand = on_hand + \(movement.onHandChange),
              committed = committed + \(movement.committedChange)
            WHERE sku = \(movement.sku)
            """,
            logger: logger)
        try await connection.perform(
            """
            INSERT INTO inventory_ledger (sku, order_id, on_hand_change, committed_change, reason, actor, created_at)
            VALUES (\(movement.sku), \(orderID), \(movement.onHandChange), \(movement.committedChange), \(movement.reason),
              \(actor), \(now.stored))
            """,
            logger: logger)
    }

    /// One queued outbox row for the order.
    static func queueMessage(
        orderID: Int64?, kind: String, recipient: String, subject: String, body: String, replyTo: String?, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.perform(
            """
            INSERT INTO outbox (order_id, kind, recipient, subject, body, state, attempts, created_at, reply_to)
            VALUES (\(orderID), \(kind), \(recipient), \(subject), \(body), 'queued', 0, \(now.stored), \(replyTo))
            """,
            logger: logger)
    }

    private static func write(
        _ update: RefundUpdate, orderID: Int64, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let state = update.state.rawValue
        let key = update.idempotencyKey
        let statement: PostgresQuery
        switch update {
        case .settled(_, let outcome):
            statement = """
                UPDATE refunds SET status = \(state), gateway_reference = \(outcome.reference),
                  failure_message = \(outcome.succeeded ? nil : outcome.failureMessage), completed_at = \(now)
                WHERE idempotency_key = \(key) AND order_id = \(orderID)
                """
        case .retried:
            statement = """
                UPDATE refunds SET status = \(state), failure_message = NULL
                WHERE idempotency_key = \(key) AND order_id = \(orderID)
                """
        case .replaced:
            statement = "UPDATE refunds SET status = \(state) WHERE idempotency_key = \(key) AND order_id = \(orderID)"
        case .paidElsewhere(_, let reference):
            let external = "external: \(reference)"
            statement = """
                UPDATE refunds SET status = \(state), gateway_reference = \(external),
                  failure_message = NULL, completed_at = \(now)
                WHERE idempotency_key = \(key) AND order_id = \(orderID)
                """
        }
        try await connection.perform(statement, logger: logger)
    }
}
