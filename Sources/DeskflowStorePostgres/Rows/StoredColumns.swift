import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

/// Reading a row's columns by name, as the SQLite engine's records do: a code this version does not know (a status,
/// a kind, a currency) is a `CorruptRow` naming the row, never a crash or a silent default.
extension PostgresRandomAccessRow {
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }

    /// A code column: its text read as `Code`, or `CorruptRow` for text this version does not know.
    func code<Code: RawRepresentable>(
        _ column: String, as type: Code.Type = Code.self, table: String, key: String? = nil, orderNumber: Int? = nil
    ) throws -> Code where Code.RawValue == String {
        let text = try value(column, as: String.self)
        guard let code = Code(rawValue: text) else {
            throw CorruptRow(table: table, column: column, value: text, key: key, orderNumber: orderNumber)
        }
        return code
    }

    /// A nullable code column: `nil` for NULL.
    func optionalCode<Code: RawRepresentable>(
        _ column: String, as type: Code.Type = Code.self, table: String, key: String? = nil, orderNumber: Int? = nil
    ) throws -> Code? where Code.RawValue == String {
        guard let text = try value(column, as: String?.self) else { return nil }
        guard let code = Code(rawValue: text) else {
            throw CorruptRow(table: table, column: column, value: text, key: key, orderNumber: orderNumber)
        }
        return code
    }

    /// A currency column, by its ISO code.
    func currency(_ column: String, table: String, key: String? = nil, orderNumber: Int? = nil) throws -> Currency {
        let text = try value(column, as: String.self)
        guard let currency = Currency(code: text) else {
            throw CorruptRow(table: table, column: column, value: text, key: key, orderNumber: orderNumber)
        }
        return currency
    }

    /// An integer column stored as `bigint`, as a Swift `Int`.
    func int(_ column: String) throws -> Int { Int(try value(column, as: Int64.self)) }
}

extension FetchedRows {
    /// Every row, each read by `read`.
    func readAll<Element>(_ read: (PostgresRandomAccessRow) throws -> Element) async throws -> [Element] {
        var elements: [Element] = []
        for try await row in self {
            elements.append(try read(row.makeRandomAccess()))
        }
        return elements
    }
}

/// A statement put together from parts, some of them values bound as parameters (`$1`, `$2`, …), for the queries
/// whose conditions depend on the request.
struct QueryText {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    init(_ sql: String = "") { self.sql = sql }

    mutating func append(_ text: String) { sql += text }

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
