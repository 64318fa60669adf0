import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import GRDBSQLite

/// A Swift value a column holds: the type its migration declares, and how it is written and read.
protocol ColumnValue: Sendable {
    /// The type the migrations declare a column of this value with.
    static var declaredType: String { get }
    static var isNullable: Bool { get }
    /// For a code (a status, a kind): every value this version knows.
    static var knownValues: [String]? { get }
    /// The value as stored.
    var storedValue: DatabaseValue { get }
    /// Binds the value as stored to a statement's parameter; returns SQLite's result code.
    func bindStored(to parameter: StatementParameter) -> CInt
    /// Reads `column` of `row`. A missing column or a NULL throws, as GRDB's decoding does.
    static func read(_ row: Row, _ column: RowColumn) throws -> Self
    /// Reads the column, `nil` for NULL or a missing column.
    static func readIfPresent(_ row: Row, _ column: RowColumn) throws -> Self?
}

/// A column of a row: by its position when the row holds the table's columns in order (`SELECT *`), where GRDB
/// reads it straight away, else by name, which GRDB looks up, without regard to case, for every column of every row.
struct RowColumn {
    let name: String
    let index: Int?
}

extension ColumnValue {
    static var isNullable: Bool { false }
    static var knownValues: [String]? { nil }
}

/// Values SQLite hands over as they are: numbers, text, booleans and blobs, read on GRDB's fast path.
extension ColumnValue where Self: DatabaseValueConvertible & StatementColumnConvertible {
    var storedValue: DatabaseValue { databaseValue }

    func bindStored(to parameter: StatementParameter) -> CInt { bind(to: parameter.statement, at: parameter.index) }

    static func read(_ row: Row, _ column: RowColumn) throws -> Self {
        if let index = column.index { return try row.decode(Self.self, atIndex: index) }
        return try row.decode(Self.self, forColumn: column.name)
    }

    static func readIfPresent(_ row: Row, _ column: RowColumn) throws -> Self? {
        if let index = column.index { return try row.decode(Self?.self, atIndex: index) }
        return try row.decode(Self?.self, forColumn: column.name)
    }
}

extension Int: ColumnValue { static var declaredType: String { "INTEGER" } }
extension Int64: ColumnValue { static var declaredType: String { "INTEGER" } }
extension Bool: ColumnValue { static var declaredType: String { "BOOLEAN" } }
extension Data: ColumnValue { static var declaredType: String { "BLOB" } }

extension String: ColumnValue {
    static var declaredType: String { "TEXT" }

    func bindStored(to parameter: StatementParameter) -> CInt { parameter.bindText(self) }
}

extension Date: ColumnValue {
    static var declaredType: String { "DATETIME" }
    /// The same text GRDB writes for a date, without its `DateFormatter`.
    var storedValue: DatabaseValue { DatabaseDateText.string(from: self).databaseValue }

    func bindStored(to parameter: StatementParameter) -> CInt {
        DatabaseDateText.withText(of: self) { parameter.bindText($0) }
    }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    static var declaredType: String { Wrapped.declaredType }
    static var isNullable: Bool { true }
    static var knownValues: [String]? { Wrapped.knownValues }
    var storedValue: DatabaseValue { self?.storedValue ?? .null }

    func bindStored(to parameter: StatementParameter) -> CInt {
        self?.bindStored(to: parameter) ?? sqlite3_bind_null(parameter.statement, parameter.index)
    }

    static func read(_ row: Row, _ column: RowColumn) throws -> Self { try Wrapped.readIfPresent(row, column) }
    static func readIfPresent(_ row: Row, _ column: RowColumn) throws -> Self? { try read(row, column) }
}

/// A value stored as one of a fixed set of codes. Anything else in its column is damage, reported as `CorruptRow`
/// rather than read as some default.
protocol StoredCode: ColumnValue {
    var code: String { get }
    init?(code: String)
    static var allCodes: [String] { get }
}

extension StoredCode {
    static var declaredType: String { "TEXT" }
    static var knownValues: [String]? { allCodes }
    var storedValue: DatabaseValue { code.databaseValue }

    func bindStored(to parameter: StatementParameter) -> CInt { parameter.bindText(code) }

    static func read(_ row: Row, _ column: RowColumn) throws -> Self {
        try decoded(try String.read(row, column))
    }

    static func readIfPresent(_ row: Row, _ column: RowColumn) throws -> Self? {
        try String.readIfPresent(row, column).map(decoded)
    }

    /// The value a stored code stands for; throws `UnknownStoredCode` for a code this version does not know.
    static func decoded(_ code: String) throws -> Self {
        guard let value = Self(code: code) else { throw UnknownStoredCode(value: code) }
        return value
    }
}

/// Enumerations whose raw values are their codes.
extension StoredCode where Self: RawRepresentable<String> & CaseIterable {
    var code: String { rawValue }
    init?(code: String) { self.init(rawValue: code) }
    static var allCodes: [String] { allCases.map(\.rawValue) }
}

extension OrderStatus: StoredCode {}
extension PaymentStatus: StoredCode {}
extension FulfillmentStatus: StoredCode {}
extension IssueKind: StoredCode {}
extension CancelReason: StoredCode {}
extension RefundReason: StoredCode {}
extension OrderEventKind: StoredCode {}
extension StaffRole: StoredCode {}
extension RefundState: StoredCode, Codable {}
extension PaymentKind: StoredCode, Codable {}
extension CallState: StoredCode, Codable {}
extension DeliveryState: StoredCode, Codable {}
extension PaymentProvider: StoredCode {}

/// A currency is stored as its ISO 4217 code; only the ones this store supports can be read back.
extension Currency: StoredCode {
    static var allCodes: [String] { supported.map(\.code) }
}

/// A code read from a column that this version does not know. `TableDefinition` turns it into a `CorruptRow`.
struct UnknownStoredCode: Error, CustomStringConvertible {
    var value: String?

    var description: String { "unknown code \(value.map { "'\($0)'" } ?? "NULL")" }
}

extension CorruptRow {
    init(table: String, column: String, value: String?, row: Row, primaryKey: [String]) {
        let key = primaryKey.isEmpty
            ? nil : primaryKey.map { Self.text(row[$0] ?? DatabaseValue.null) }.joined(separator: ", ")
        let number = table == "orders" ? try? row.decode(Int?.self, forColumn: "number") : nil
        self.init(table: table, column: column, value: value, key: key, orderNumber: number)
    }

    private static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let integer): "\(integer)"
        case .double(let double): "\(double)"
        case .string(let string): string
        case .blob(let data): "\(data.count) bytes"
        }
    }
}

extension Row {
    /// A column of a query's own row (a join or an aggregate rather than a record), read as a record's column is: a
    /// code this version does not know throws `CorruptRow` naming `table`, `column` and what is known of the row.
    /// `tableColumn` is the column's name in its table, when the query renamed it.
    func stored<Stored: ColumnValue>(
        _ column: String, as type: Stored.Type = Stored.self, table: String, tableColumn: String? = nil,
        key: String? = nil, orderNumber: Int? = nil
    ) throws -> Stored {
        do {
            return try Stored.read(self, RowColumn(name: column, index: nil))
        } catch let unknown as UnknownStoredCode {
            throw CorruptRow(
                table: table, column: tableColumn ?? column, value: unknown.value, key: key, orderNumber: orderNumber)
        }
    }
}
