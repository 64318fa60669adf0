import Foundation
import GRDB

// The seeder's inserts, as cached statements with positional arguments: a million orders write some fifteen
// million rows, and GRDB's record persistence (a dictionary of columns per row, dates through DateFormatter)
// costs several times what SQLite does. The rows stored are the same as the records' own inserts would store.
// An order goes in on its own, for its id; the rows that hang off orders are buffered and go in many at a time.

extension Database {
    /// Runs a cached statement with arguments that match its parameters, which the callers below guarantee.
    fileprivate func executeSeedStatement(_ sql: String, _ arguments: StatementArguments) throws {
        let statement = try cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }
}

extension Date {
    /// The text GRDB stores for this date.
    fileprivate var seedText: String { DatabaseDateText.string(from: self) }
}

extension OrderRecord {
    /// Inserts the order and returns its new id.
    func insertSeeded(_ db: Database) throws -> Int64 {
        try db.executeSeedStatement(
            """
            INSERT INTO orders (
                number, placed_at, customer_id, customer_name, customer_email, status, payment_status,
                fulfillment_status, issue_kind, issue_code, issue_message, issue_since, issue_attempts, currency,
                subtotal_minor, shipping_minor, tax_minor, total_minor, payment_brand, payment_last4, authorized_minor,
                captured_minor, ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code,
                ship_country, tracking_number, cancel_reason, cancel_note, cancelled_at, cancelled_by, version,
                updated_at
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?)
            """,
            [
                number, placedAt.seedText, customerId, customerName, customerEmail, status, paymentStatus,
                fulfillmentStatus, issueKind, issueCode, issueMessage, issueSince?.seedText, issueAttempts, currency,
                subtotalMinor, shippingMinor, taxMinor, totalMinor, paymentBrand, paymentLast4, authorizedMinor,
                capturedMinor, shipName, shipLine1, shipLine2, shipCity, shipRegion, shipPostalCode,
                shipCountry, trackingNumber, cancelReason, cancelNote, cancelledAt?.seedText, cancelledBy, version,
                updatedAt.seedText,
            ])
        return db.lastInsertedRowID
    }

    /// Writes what was settled after the order went in; the indexed columns are left alone.
    func updateSeededOutcome(_ db: Database) throws {
        try db.executeSeedStatement(
            """
            UPDATE orders SET issue_code = ?, issue_message = ?, issue_since = ?, issue_attempts = ?,
                tracking_number = ?, cancel_reason = ?, cancel_note = ?, cancelled_at = ?, cancelled_by = ?,
                updated_at = ?
            WHERE id = ?
            """,
            [
                issueCode, issueMessage, issueSince?.seedText, issueAttempts, trackingNumber, cancelReason, cancelNote,
                cancelledAt?.seedText, cancelledBy, updatedAt.seedText, id,
            ])
    }
}

/// A value for a positional argument, `NULL` for nil.
private func value(_ value: (some DatabaseValueConvertible)?) -> DatabaseValue { value?.databaseValue ?? .null }

/// Rows for one table, inserted `chunk` at a time by one multi-row `INSERT`, in the order they were added.
struct SeedTableBuffer {
    static let chunk = 64

    let table: String
    let columns: [String]
    private let chunkSQL: String
    private var values: [DatabaseValue] = []
    private var rows = 0

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
        chunkSQL = Self.insertSQL(table: table, columns: columns, rows: Self.chunk)
        values.reserveCapacity(Self.chunk * columns.count)
    }

    static func insertSQL(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    mutating func append(_ row: [DatabaseValue], _ db: Database) throws {
        precondition(row.count == columns.count, "a \(table) row has \(columns.count) values")
        values.append(contentsOf: row)
        rows += 1
        if rows == Self.chunk { try flush(db) }
    }

    /// Inserts the rows still buffered.
    mutating func flush(_ db: Database) throws {
        guard rows > 0 else { return }
        // A short chunk happens once per flush, so its statement is not worth keeping.
        let statement = rows == Self.chunk
            ? try db.cachedStatement(sql: chunkSQL)
            : try db.makeStatement(sql: Self.insertSQL(table: table, columns: columns, rows: rows))
        statement.setUncheckedArguments(StatementArguments(values))
        try statement.execute()
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}

/// The seeder's buffered rows, one buffer per table. `flush(_:)` must run before the transaction ends, and before
/// anything else writes to these tables, so that their rows keep the order they were added in.
struct SeedRowBuffers {
    private var lineItems = SeedTableBuffer(
        table: "line_items", columns: ["order_id", "sku", "name", "quantity", "unit_price_minor"])
    private var payments = SeedTableBuffer(
        table: "payments",
        columns: [
            "order_id", "kind", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_code",
            "failure_message", "created_at", "completed_at",
        ])
    private var refunds = SeedTableBuffer(
        table: "refunds",
        columns: [
            "order_id", "amount_minor", "status", "idempotency_key", "gateway_reference", "failure_message",
            "requested_by", "created_at", "completed_at",
        ])
    private var inventoryLedger = SeedTableBuffer(
        table: "inventory_ledger",
        columns: ["sku", "order_id", "on_hand_change", "committed_change", "reason", "actor", "created_at"])
    private var orderEvents = SeedTableBuffer(
        table: "order_events", columns: ["order_id", "kind", "actor", "summary", "amount_minor", "created_at"])
    private var cancellations = SeedTableBuffer(
        table: "cancellations",
        columns: [
            "order_id", "reason", "note", "refund_minor", "void_minor", "currency", "restocked", "notified",
            "staff_id", "staff_name", "created_at",
        ])

    mutating func flush(_ db: Database) throws {
        try lineItems.flush(db)
        try payments.flush(db)
        try refunds.flush(db)
        try inventoryLedger.flush(db)
        try orderEvents.flush(db)
        try cancellations.flush(db)
    }

    mutating func add(_ row: LineItemRecord, _ db: Database) throws {
        try lineItems.append(
            [
                row.orderId.databaseValue, row.sku.databaseValue, row.name.databaseValue, row.quantity.databaseValue,
                row.unitPriceMinor.databaseValue,
            ], db)
    }

    mutating func add(_ row: PaymentRecord, _ db: Database) throws {
        try payments.append(
            [
                row.orderId.databaseValue, row.kind.databaseValue, row.amountMinor.databaseValue,
                row.status.databaseValue, row.idempotencyKey.databaseValue, value(row.gatewayReference),
                value(row.failureCode), value(row.failureMessage), row.createdAt.seedText.databaseValue,
                value(row.completedAt?.seedText),
            ], db)
    }

    mutating func add(_ row: RefundRecord, _ db: Database) throws {
        try refunds.append(
            [
                row.orderId.databaseValue, row.amountMinor.databaseValue, row.status.databaseValue,
                row.idempotencyKey.databaseValue, value(row.gatewayReference), value(row.failureMessage),
                row.requestedBy.databaseValue, row.createdAt.seedText.databaseValue, value(row.completedAt?.seedText),
            ], db)
    }

    mutating func add(_ row: InventoryLedgerRecord, _ db: Database) throws {
        try inventoryLedger.append(
            [
                row.sku.databaseValue, value(row.orderId), row.onHandChange.databaseValue,
                row.committedChange.databaseValue, row.reason.databaseValue, row.actor.databaseValue,
                row.createdAt.seedText.databaseValue,
            ], db)
    }

    mutating func add(_ row: OrderEventRecord, _ db: Database) throws {
        try orderEvents.append(
            [
                row.orderId.databaseValue, row.kind.databaseValue, row.actor.databaseValue, row.summary.databaseValue,
                value(row.amountMinor), row.createdAt.seedText.databaseValue,
            ], db)
    }

    mutating func add(_ row: CancellationRow, _ db: Database) throws {
        try cancellations.append(
            [
                row.orderId.databaseValue, row.reason.databaseValue, row.note.databaseValue,
                row.refundMinor.databaseValue, row.voidMinor.databaseValue, row.currency.databaseValue,
                row.restocked.databaseValue, row.notified.databaseValue, value(row.staffId),
                row.staffName.databaseValue, row.createdAt.seedText.databaseValue,
            ], db)
    }
}
