import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

// The seeder's inserts: a million orders leave some fifteen million rows, so they go in by multi-row
// `INSERT … VALUES (…), (…)` statements of thousands of rows each rather than one statement per row. In an INSERT,
// VALUES are coerced to the target columns' types, so a NULL needs no cast.

/// Rows for one table, sent by multi-row `INSERT`s in the order they were added.
struct SeedTableInsert {
    /// Parameters per statement. PostgreSQL takes up to 65,535, but the server parses and plans a statement that long
    /// more slowly per row: loading 100,000 orders measured fastest with some 8,000 to 16,000 (4,400 orders/s at
    /// 65,535; 4,800 at 8,000 and 16,000; 4,100 at 2,000, where round trips start to count).
    private static let parameterLimit = 10_000

    let table: String
    let columns: [String]
    private var binds = PostgresBindings()
    private var bindsInRow = 0
    private(set) var rows = 0

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// Whether one more row would pass the limit on a statement's parameters.
    var isFull: Bool { binds.count + columns.count > Self.parameterLimit }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        binds.append(value)
        bindsInRow += 1
    }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        binds.append(value)
        bindsInRow += 1
    }

    mutating func bind(_ date: Date) { bind(date.stored) }
    mutating func bind(_ date: Date?) { bind(date?.stored) }

    /// Ends the row whose values were just bound.
    mutating func endRow() {
        precondition(bindsInRow == columns.count, "a \(table) row has \(columns.count) values")
        bindsInRow = 0
        rows += 1
    }

    /// Inserts the rows added since the last send.
    mutating func send(on connection: PostgresConnection, logger: Logger) async throws {
        guard rows > 0 else { return }
        let values = ValuesPlaceholders.text(rows: rows, columns: columns.count, limit: Self.parameterLimit)
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values)"
        try await connection.perform(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        binds = PostgresBindings()
        rows = 0
    }
}

/// The placeholders of a multi-row `VALUES` list, `($1, $2), ($3, $4), …`: they depend only on the number of
/// columns, so each list is written once, as long as a statement can take, and its rows are read off its start.
private enum ValuesPlaceholders {
    private struct Written: Sendable {
        let text: String
        /// The UTF-8 length of the text up to the end of each row.
        let rowEnds: [Int]
    }

    private static let written = Mutex<[Int: Written]>([:])

    static func text(rows: Int, columns: Int, limit: Int) -> Substring {
        let list = written.withLock { written in
            if let list = written[columns] { return list }
            var text = ""
            var rowEnds: [Int] = []
            var parameter = 1
            for row in 0..<(limit / columns) {
                text += row == 0 ? "(" : ", ("
                for column in 0..<columns {
                    text += column == 0 ? "$\(parameter)" : ", $\(parameter)"
                    parameter += 1
                }
                text += ")"
                rowEnds.append(text.utf8.count)
            }
            let list = Written(text: text, rowEnds: rowEnds)
            written[columns] = list
            return list
        }
        return Substring(list.text.utf8.prefix(list.rowEnds[rows - 1]))
    }
}

/// The seeder's rows buffered per table. Orders go in before the rows that hang off them (foreign keys are checked
/// as each statement runs); each table's rows go in in the order they were added, so the ids the database gives them
/// come out as SQLite's do.
struct PostgresSeedRows {
    private var orders = SeedTableInsert("orders", [
        "id", "number", "placed_at", "customer_id", "customer_name", "customer_email", "status", "payment_status",
        "fulfillment_status", "issue_kind", "issue_code", "issue_message", "issue_since", "issue_attempts", "currency",
        "subtotal_minor", "shipping_minor", "tax_minor", "total_minor", "payment_brand", "payment_last4",
        "authorized_minor", "captured_minor", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region",
        "ship_postal_code", "ship_country", "tracking_number", "cancel_reason", "cancel_note", "cancelled_at",
        "cancelled_by", "version", "updated_at", "payment_provider",
    ])
    private var lineItems = SeedTableInsert(
        "line_items", ["order_id", "sku", "name", "quantity", "unit_price_minor"])
    private var payments = SeedTableInsert("payments", [
        "order_id", "kind", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_code",
        "failure_message", "created_at", "completed_at",
    ])
    private var refunds = SeedTableInsert("refunds", [
        "order_id", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_message",
        "requested_by", "created_at", "completed_at",
    ])
    private var stockMovements = SeedTableInsert("inventory_ledger", [
        "sku", "order_id", "on_hand_change", "committed_change", "reason", "actor", "created_at",
    ])
    private var events = SeedTableInsert(
        "order_events", ["order_id", "kind", "actor", "summary", "amount_minor", "created_at"])
    private var cancellations = SeedTableInsert("cancellations", [
        "order_id", "reason", "note", "refund_minor", "void_minor", "currency", "restocked", "notified", "staff_name",
        "created_at",
    ])
    private var stockLevels = SeedTableInsert("stock_levels", ["sku", "on_hand", "committed"])
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
