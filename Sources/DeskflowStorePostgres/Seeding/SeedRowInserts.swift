import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

// The seeder's inserts: a million orders leave some fifteen million rows, so they go in by `MultiRowInsert`s.

/// The seeder's rows buffered per table. Orders go in before the rows that hang off them (foreign keys are checked
/// as each statement runs); each table's rows go in in the order they were added, so the ids the database gives them
/// come out as SQLite's do.
struct PostgresSeedRows {
    private var orders = MultiRowInsert("orders", [
        "id", "number", "placed_at", "customer_id", "customer_name", "customer_email", "status", "payment_status",
        "fulfillment_status", "issue_kind", "issue_code", "issue_message", "issue_since", "issue_attempts", "currency",
        "subtotal_minor", "shipping_minor", "tax_minor", "total_minor", "payment_brand", "payment_last4",
        "authorized_minor", "captured_minor", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region",
        "ship_postal_code", "ship_country", "tracking_number", "cancel_reason", "cancel_note", "cancelled_at",
        "cancelled_by", "version", "updated_at", "payment_provider",
    ])
    private var lineItems = MultiRowInsert(
        "line_items", ["order_id", "sku", "name", "quantity", "unit_price_minor"])
    private var payments = MultiRowInsert("payments", [
        "order_id", "kind", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_code",
        "failure_message", "created_at", "completed_at",
    ])
    private var refunds = MultiRowInsert("refunds", [
        "order_id", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_message",
        "requested_by", "created_at", "completed_at",
    ])
    private var stockMovements = MultiRowInsert("inventory_ledger", [
        "sku", "order_id", "on_hand_change", "committed_change", "reason", "actor", "created_at",
    ])
    private var events = MultiRowInsert(
        "order_events", ["order_id", "kind", "actor", "summary", "amount_minor", "created_at"])
    private var cancellations = MultiRowInsert("cancellations", [
        "order_id", "reason", "note", "refund_minor", "void_minor", "currency", "restocked", "notified", "staff_name",
        "created_at",
    ])
    private var stockLevels = MultiRowInsert("stock_levels", ["sku", "on_hand", "committed"])
    /// The payment calls the orders stand for, in the order they were made up.
    private(set) var paymentCalls: [SeededPaymentCall] = []

    /// Adds an order's rows; when a table's statement is full, everything buffered goes in.
    mutating func add(_ rows: SeededOrderRows, on connection: PostgresConnection, logger: Logger) async throws {
        add(rows.order)
        for line in rows.lineItems {
            lineItems.bind(line.orderID)
            lineItems.bind(line.sku)
            lineItems.bind(line.name)
            lineItems.bind(line.quantity)
            lineItems.bind(line.unitPriceMinor)
            lineItems.endRow()
        }
        for payment in rows.payments {
            payments.bind(payment.orderID)
            payments.bind(payment.kind.rawValue)
            payments.bind(payment.amountMinor)
            payments.bind(payment.status.rawValue)
            payments.bind(payment.idempotencyKey)
            payments.bind(payment.gatewayReference)
            payments.bind(payment.failureCode)
            payments.bind(payment.failureMessage)
            payments.bind(payment.createdAt)
            payments.bind(payment.completedAt)
            payments.endRow()
        }
        for refund in rows.refunds {
            refunds.bind(refund.orderID)
            refunds.bind(refund.amountMinor)
            refunds.bind(refund.status.rawValue)
            refunds.bind(refund.idempotencyKey)
            refunds.bind(refund.gatewayReference)
            refunds.bind(refund.failureMessage)
            refunds.bind(refund.requestedBy)
            refunds.bind(refund.createdAt)
            refunds.bind(refund.completedAt)
            refunds.endRow()
        }
        for movement in rows.stockMovements { addRow(movement) }
        for event in rows.events {
            events.bind(event.orderID)
            events.bind(event.kind.rawValue)
            events.bind(event.actor)
            events.bind(event.summary)
            events.bind(event.amountMinor)
            events.bind(event.createdAt)
            events.endRow()
        }
        if let cancellation = rows.cancellation {
            cancellations.bind(cancellation.orderID)
            cancellations.bind(cancellation.reason.rawValue)
            cancellations.bind(cancellation.note)
            cancellations.bind(cancellation.refundMinor)
            cancellations.bind(cancellation.voidMinor)
            cancellations.bind(cancellation.currency.code)
            cancellations.bind(cancellation.restocked)
            cancellations.bind(cancellation.notified)
            cancellations.bind(cancellation.staffName)
            cancellations.bind(cancellation.createdAt)
            cancellations.endRow()
        }
        paymentCalls.append(contentsOf: rows.paymentCalls)
        try await sendIfFull(on: connection, logger: logger)
    }

    /// Sends everything buffered once a table's next row would not fit its statement.
    private mutating func sendIfFull(on connection: PostgresConnection, logger: Logger) async throws {
        if orders.isFull || lineItems.isFull || payments.isFull || refunds.isFull || stockMovements.isFull || events.isFull
            || cancellations.isFull || stockLevels.isFull
        {
            try await send(on: connection, logger: logger)
        }
    }

    /// Adds a line of the inventory ledger of no order: stock counted or received.
    mutating func add(_ movement: SeedStockMovement, on connection: PostgresConnection, logger: Logger) async throws {
        addRow(movement)
        try await sendIfFull(on: connection, logger: logger)
    }

    private mutating func addRow(_ movement: SeedStockMovement) {
        stockMovements.bind(movement.sku)
        stockMovements.bind(movement.orderID)
        stockMovements.bind(movement.onHandChange)
        stockMovements.bind(movement.committedChange)
        stockMovements.bind(movement.reason)
        stockMovements.bind(movement.actor)
        stockMovements.bind(movement.createdAt)
        stockMovements.endRow()
    }

    /// Adds a product's stock level (whose product is in already).
    mutating func add(_ level: SeedStockLevel, on connection: PostgresConnection, logger: Logger) async throws {
        stockLevels.bind(level.sku)
        stockLevels.bind(level.onHand)
        stockLevels.bind(level.committed)
        stockLevels.endRow()
        try await sendIfFull(on: connection, logger: logger)
    }

    private mutating func add(_ order: SeedOrder) {
        orders.bind(order.id)
        orders.bind(order.number)
        orders.bind(order.placedAt)
        orders.bind(order.customerID)
        orders.bind(order.customerName)
        orders.bind(order.customerEmail)
        orders.bind(order.state.status.rawValue)
        orders.bind(order.state.payment.rawValue)
        orders.bind(order.state.fulfillment.rawValue)
        orders.bind(order.state.issue?.rawValue)
        orders.bind(order.issueCode)
        orders.bind(order.issueMessage)
        orders.bind(order.issueSince)
        orders.bind(order.issueAttempts)
        orders.bind(order.currency.code)
        orders.bind(order.subtotalMinor)
        orders.bind(order.shippingMinor)
        orders.bind(order.taxMinor)
        orders.bind(order.totalMinor)
        orders.bind(order.paymentBrand)
        orders.bind(order.paymentLast4)
        orders.bind(order.authorizedMinor)
        orders.bind(order.capturedMinor)
        orders.bind(order.address.name)
        orders.bind(order.address.line1)
        orders.bind(order.address.line2)
        orders.bind(order.address.city)
        orders.bind(order.address.region)
        orders.bind(order.address.postalCode)
        orders.bind(order.address.country)
        orders.bind(order.trackingNumber)
        orders.bind(order.cancelReason?.rawValue)
        orders.bind(order.cancelNote)
        orders.bind(order.cancelledAt)
        orders.bind(order.cancelledBy)
        orders.bind(order.version)
        orders.bind(order.updatedAt)
        orders.bind(order.paymentProvider.rawValue)
        orders.endRow()
    }

    /// Inserts every row buffered, orders first.
    mutating func send(on connection: PostgresConnection, logger: Logger) async throws {
        try await orders.send(on: connection, logger: logger)
        try await lineItems.send(on: connection, logger: logger)
        try await payments.send(on: connection, logger: logger)
        try await refunds.send(on: connection, logger: logger)
        try await stockMovements.send(on: connection, logger: logger)
        try await events.send(on: connection, logger: logger)
        try await cancellations.send(on: connection, logger: logger)
        try await stockLevels.send(on: connection, logger: logger)
    }
}
