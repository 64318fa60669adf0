import DeskflowStore
import Foundation
import GRDB
import GRDBSQLite

/// One table as the store reads and writes it: its columns in the order the migrations leave them, each with the
/// record property it holds. It is the only list of a table's columns outside the migrations. Reading a row
/// (`init(row:)`), writing a record (GRDB's inserts and updates), the bulk seeder's multi-row `INSERT` and
/// `deskflow check`'s look for unknown codes all come from it, and a test holds it against the migrated schema
/// (`PRAGMA table_info`): names, order, declared types, `NOT NULL` and primary key.
struct TableDefinition<Record: Decodable & Sendable>: Sendable {
    let name: String
    let columns: [TableColumn<Record>]
    /// A record with every property zero, filled in column by column when a row is read. Every stored property
    /// has a column (the definition test checks it), so nothing of it survives a read.
    private let blank: Record
    /// The columns' names and accessors, apart from their descriptions so that reading and writing copy nothing else.
    private let names: ContiguousArray<String>
    private let readers: ContiguousArray<TableColumn<Record>.Reader>
    private let values: ContiguousArray<TableColumn<Record>.Value>
    private let binders: ContiguousArray<TableColumn<Record>.Binder>
    /// Whether the first column is the id SQLite assigns, left out of inserts of records without one.
    private let startsWithAutoIncrementedID: Bool

    init(_ name: String, _ columns: [TableColumn<Record>]) {
        self.name = name
        self.columns = columns
        names = ContiguousArray(columns.map(\.name))
        readers = ContiguousArray(columns.map(\.read))
        values = ContiguousArray(columns.map(\.value))
        binders = ContiguousArray(columns.map(\.bind))
        startsWithAutoIncrementedID = columns.first?.isAutoIncremented ?? false
        do {
            blank = try Record(from: BlankDecoder())
        } catch {
            preconditionFailure("\(Record.self) cannot be made blank: \(error)")
        }
    }

    /// The record stored in `row`. A column holding a code this version does not know (an unknown status) throws
    /// `CorruptRow`, naming the table, the row and the value.
    func decode(_ row: Row) throws -> Record {
        var record = blank
        // `SELECT *` gives the table's columns in the definition's order (the definition test holds them to it).
        let inTableOrder = row.count == names.count && row.columnNames.first == names.first
            && row.columnNames.last == names.last
        for index in readers.indices {
            do {
                try readers[index](&record, row, inTableOrder ? index : nil)
            } catch let unknown as UnknownStoredCode {
                throw CorruptRow(
                    table: name, column: names[index], value: unknown.value, row: row, primaryKey: primaryKey)
            }
        }
        return record
    }

    /// Every column's value as stored, for GRDB's `INSERT` and `UPDATE`.
    func encode(_ record: Record, to container: inout PersistenceContainer) {
        var record = record
        for index in values.indices {
            container[names[index]] = values[index](&record)
        }
    }

    /// Binds the values of the columns `insertColumns(includingID:)` names, in that order, to `statement`'s
    /// parameters from `firstParameter` on, its text kept in `arena` until it has run: one row of a multi-row
    /// `INSERT`. Returns the next parameter's index.
    func bind(
        _ record: inout Record, includingID: Bool, to statement: Statement, from firstParameter: CInt, arena: TextArena
    ) throws -> CInt {
        var parameter = firstParameter
        for index in (includingID || !startsWithAutoIncrementedID ? 0 : 1)..<binders.count {
            let code = binders[index](
                &record, StatementParameter(statement: statement.sqliteStatement, index: parameter, arena: arena))
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), sql: statement.sql)
            }
            parameter += 1
        }
        return parameter
    }

    /// The columns an `INSERT` names: all of them, or all but the id SQLite assigns.
    func insertColumns(includingID: Bool) -> [String] {
        columns.filter { includingID || !$0.isAutoIncremented }.map(\.name)
    }

    /// The primary key columns, as `PRAGMA table_info` numbers them.
    var primaryKey: [String] { columns.filter(\.isPrimaryKey).map(\.name) }
}

/// One column of a table, bound to the record property that holds it.
struct TableColumn<Record>: Sendable {
    /// Reads the column into the record; given the column's position when the row holds the table's columns in order.
    typealias Reader = @Sendable (inout Record, Row, Int?) throws -> Void
    typealias Value = @Sendable (inout Record) -> DatabaseValue
    typealias Binder = @Sendable (inout Record, StatementParameter) -> CInt

    let name: String
    /// The type the migration declares the column with (`INTEGER`, `TEXT`, `DATETIME`, `BOOLEAN`, `BLOB`).
    let declaredType: String
    let isNullable: Bool
    let isPrimaryKey: Bool
    /// The `INTEGER PRIMARY KEY AUTOINCREMENT` id SQLite assigns when a record is inserted without one.
    let isAutoIncremented: Bool
    /// For a column holding a code (a status, a kind): every value this version knows, anything else is damage.
    let knownValues: [String]?
    fileprivate let read: Reader
    fileprivate let value: Value
    fileprivate let bind: Binder

    init<Stored: ColumnValue>(
        _ name: String, _ keyPath: WritableKeyPath<Record, Stored> & Sendable, primaryKey: Bool = false
    ) {
        self.init(name, keyPath, primaryKey: primaryKey, autoIncremented: false)
    }

    /// The table's auto-incremented `id`.
    static func id(_ keyPath: WritableKeyPath<Record, Int64?> & Sendable) -> TableColumn {
        TableColumn("id", keyPath, primaryKey: true, autoIncremented: true)
    }

    private init<Stored: ColumnValue>(
        _ name: String, _ keyPath: WritableKeyPath<Record, Stored> & Sendable, primaryKey: Bool, autoIncremented: Bool
    ) {
        self.name = name
        declaredType = Stored.declaredType
        isNullable = Stored.isNullable
        isPrimaryKey = primaryKey
        isAutoIncremented = autoIncremented
        knownValues = Stored.knownValues
        // The property is read and written in place, at its offset in the record: through the key path, every access
        // would go through the key path runtime, which costs more than the rest of reading or writing a column.
        guard let offset = MemoryLayout<Record>.offset(of: keyPath) else {
            preconditionFailure("\(name) is not a stored property of \(Record.self)")
        }
        @Sendable func property<Result>(
            _ record: inout Record, _ body: (inout Stored) throws -> Result
        ) rethrows -> Result {
            try withUnsafeMutableBytes(of: &record) { bytes in
                try body(&bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Stored.self).pointee)
            }
        }
        read = { record, row, index in
            try property(&record) { $0 = try Stored.read(row, RowColumn(name: name, index: index)) }
        }
        value = { record in property(&record) { $0.storedValue } }
        bind = { record, parameter in property(&record) { $0.bindStored(to: parameter) } }
    }
}

/// A record whose table is described by a `TableDefinition`: reading and writing it go through that definition.
protocol DefinedRecord: SnakeCaseRecord, Sendable {
    static var table: TableDefinition<Self> { get }
}

extension DefinedRecord {
    static var databaseTableName: String { table.name }

    init(row: Row) throws { self = try Self.table.decode(row) }

    func encode(to container: inout PersistenceContainer) throws { Self.table.encode(self, to: &container) }

    /// The record whose single-column primary key is `key`, through a statement each connection prepares once.
    /// Every page reads its session and staff member this way, and building and preparing GRDB's request each
    /// time cost more than the read itself.
    static func fetchOne(_ db: Database, cachedKey key: some DatabaseValueConvertible) throws -> Self? {
        let keyColumn = table.primaryKey
        precondition(keyColumn.count == 1, "\(table.name) has no single-column primary key")
        let statement = try db.cachedStatement(sql: "SELECT * FROM \(table.name) WHERE \(keyColumn[0]) = ?")
        return try fetchOne(statement, arguments: [key])
    }
}

/// What a column is, without the record it belongs to.
struct ColumnSchema: Hashable, Sendable, CustomStringConvertible {
    var name: String
    var declaredType: String
    var isNullable: Bool
    var isPrimaryKey: Bool
    var knownValues: [String]?

    var description: String {
        "\(name) \(declaredType)\(isNullable ? "" : " NOT NULL")\(isPrimaryKey ? " PRIMARY KEY" : "")"
    }
}

/// A table definition seen without its record type, for the schema test and `deskflow check`.
protocol TableSchema: Sendable {
    var name: String { get }
    var schema: [ColumnSchema] { get }
    var primaryKey: [String] { get }
}

extension TableDefinition: TableSchema {
    var schema: [ColumnSchema] {
        columns.map {
            ColumnSchema(
                name: $0.name, declaredType: $0.declaredType, isNullable: $0.isNullable, isPrimaryKey: $0.isPrimaryKey,
                knownValues: $0.knownValues)
        }
    }
}

/// Every table the store's records define: all the tables its migrations leave, the simulator's own being handed over
/// to it.
enum StoreTables {
    static let all: [any TableSchema] = [
        ProductRecord.table, StockLevelRecord.table, CustomerRecord.table, OrderRecord.table, LineItemRecord.table,
        InventoryLedgerRecord.table, PaymentRecord.table, RefundRecord.table, OrderEventRecord.table,
        StaffUserRecord.table, SessionRecord.table, SignInAttemptRecord.table, IdempotencyRecord.table,
        OutboxRecord.table, OrderCountRecord.table, CancellationRow.table, OutboxCountRecord.table, APITokenRecord.table,
        APIRequestRecord.table,
    ]
}
