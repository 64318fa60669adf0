import Foundation
import GRDB
import GRDBSQLite

// The seeder's inserts: a million orders write some fifteen million rows, and GRDB's record persistence (a
// dictionary of columns per row, one statement per row) costs several times what SQLite does. Rows are buffered
// per table and go in by multi-row `INSERT`s whose column lists and values come from each table's definition, so
// the rows stored are the ones the records' own inserts would store. Orders are numbered here rather than by
// SQLite, so the rows that hang off an order can be written before it and the order goes in once, complete.

/// Records for one table, inserted `chunk` at a time by one multi-row `INSERT` whose columns and values come from
/// the table's definition, in the order they were added. The values are bound straight from the records.
struct SeedRecordBuffer<Record: DefinedRecord> {
    /// Rows per statement: enough that SQLite's per-statement work is spread thin, well under its limit on bound
    /// values.
    static var chunk: Int { 256 }

    /// Whether rows carry their own id (orders), or SQLite assigns it.
    let includingID: Bool
    private let chunkSQL: String
    private var records: [Record] = []
    private let arena = TextArena()
    var count: Int { records.count }

    init(includingID: Bool = false) {
        self.includingID = includingID
        chunkSQL = Self.insertSQL(includingID: includingID, rows: Self.chunk)
        records.reserveCapacity(Self.chunk)
    }

    static func insertSQL(includingID: Bool, rows: Int) -> String {
        let columns = Record.table.insertColumns(includingID: includingID)
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(Record.table.name) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    mutating func append(_ record: Record) {
        records.append(record)
    }

    /// Inserts the full chunks buffered; the rows of a last, short chunk wait for more, or for `flush(_:)`.
    mutating func flushFullChunks(_ db: Database) throws {
        guard records.count >= Self.chunk else { return }
        let full = records.count - records.count % Self.chunk
        try insert(0..<full, db)
        records.removeFirst(full)
    }

    /// Inserts every row buffered.
    mutating func flush(_ db: Database) throws {
        try flushFullChunks(db)
        guard !records.isEmpty else { return }
        try insert(records.indices, db)
        records.removeAll(keepingCapacity: true)
    }

    private mutating func insert(_ rows: Range<Int>, _ db: Database) throws {
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = min(start + Self.chunk, rows.upperBound)
            // A short chunk happens once per transaction, so its statement is not worth keeping.
            let statement = end - start == Self.chunk
                ? try db.cachedStatement(sql: chunkSQL)
                : try db.makeStatement(sql: Self.insertSQL(includingID: includingID, rows: end - start))
            // No arguments through GRDB: they are bound below, each value straight from its record.
            statement.setUncheckedArguments([])
            var parameter: CInt = 1
            for index in start..<end {
                parameter = try Record.table.bind(
                    &records[index], includingID: includingID, to: statement, from: parameter, arena: arena)
            }
            try statement.execute()
            // The statement lets go of the arena's text before the arena takes the next run's.
            sqlite3_clear_bindings(statement.sqliteStatement)
            arena.reset()
            start = end
        }
    }
}

/// A value for a positional argument, `NULL` for nil.
private func value(_ value: (some DatabaseValueConvertible)?) -> DatabaseValue { value?.databaseValue ?? .null }

extension Date {
    /// The text GRDB stores for this date.
    fileprivate var seedText: String { DatabaseDateText.string(from: self) }
}

/// Rows for one table given as values, inserted `chunk` at a time by one multi-row `INSERT`, in the order they were
/// added.
struct SeedTableBuffer {
    static let chunk = 256

    let table: String
    let columns: [String]
    private let chunkSQL: String
    private var values: [DatabaseValue] = []
    private var rows = 0
    private let arena = TextArena()

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
        // No arguments through GRDB: the values are bound below, straight into the statement.
        statement.setUncheckedArguments([])
        for (index, value) in values.enumerated() {
            let code = value.bindStored(
                to: StatementParameter(statement: statement.sqliteStatement, index: CInt(index + 1), arena: arena))
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), sql: statement.sql)
            }
        }
        try statement.execute()
        // The statement lets go of the arena's text before the arena takes the next run's.
        sqlite3_clear_bindings(statement.sqliteStatement)
        arena.reset()
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}

/// The seeder's buffered rows, one buffer per table. Orders go in before the rows that hang off them (foreign keys
/// are checked as each row goes in): `add(_:)` of an order ends it. `flush(_:)` must run before the transaction
/// ends, and before anything else writes to these tables, so that their rows keep the order they were added in.
struct SeedRowBuffers {
    /// The store's tables these buffers fill.
    static let tables = [
        OrderRecord.table.name, LineItemRecord.table.name, PaymentRecord.table.name, RefundRecord.table.name,
        InventoryLedgerRecord.table.name, OrderEventRecord.table.name, CancellationRow.table.name,
    ]

    private var orders = SeedRecordBuffer<OrderRecord>(includingID: true)
    private var lineItems = SeedRecordBuffer<LineItemRecord>()
    private var payments = SeedRecordBuffer<PaymentRecord>()
    private var refunds = SeedRecordBuffer<RefundRecord>()
    private var inventoryLedger = SeedRecordBuffer<InventoryLedgerRecord>()
    private var orderEvents = SeedRecordBuffer<OrderEventRecord>()
    private var cancellations = SeedRecordBuffer<CancellationRow>()

    mutating func flush(_ db: Database) throws {
        try orders.flush(db)
        try lineItems.flush(db)
        try payments.flush(db)
        try refunds.flush(db)
        try inventoryLedger.flush(db)
        try orderEvents.flush(db)
        try cancellations.flush(db)
    }

    /// Adds a finished order, with its id, after the rows that hang off it. A full chunk of orders goes in then,
    /// and then the full chunks of the other tables, whose orders are all in by then.
    mutating func add(_ row: OrderRecord, _ db: Database) throws {
        orders.append(row)
        guard orders.count == SeedRecordBuffer<OrderRecord>.chunk else { return }
        try orders.flush(db)
        try lineItems.flushFullChunks(db)
        try payments.flushFullChunks(db)
        try refunds.flushFullChunks(db)
        try inventoryLedger.flushFullChunks(db)
        try orderEvents.flushFullChunks(db)
        try cancellations.flushFullChunks(db)
    }

    mutating func add(_ row: LineItemRecord, _ db: Database) throws { lineItems.append(row) }
    mutating func add(_ row: PaymentRecord, _ db: Database) throws { payments.append(row) }
    mutating func add(_ row: RefundRecord, _ db: Database) throws { refunds.append(row) }
    mutating func add(_ row: InventoryLedgerRecord, _ db: Database) throws { inventoryLedger.append(row) }
    mutating func add(_ row: OrderEventRecord, _ db: Database) throws { orderEvents.append(row) }
    mutating func add(_ row: CancellationRow, _ db: Database) throws { cancellations.append(row) }

}

extension OrderRecord {
    /// The id the next order inserted gets, as `AUTOINCREMENT` would give it: one past the highest ever used.
    static func nextSeededID(_ db: Database) throws -> Int64 {
        let highest = try Int64.fetchOne(db, sql: """
            SELECT MAX(COALESCE((SELECT MAX(id) FROM orders), 0),
                       COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'orders'), 0))
            """) ?? 0
        return highest + 1
    }
}
