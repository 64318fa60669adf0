import Foundation

// `deskflow copy` moves a store from one engine to the other table by table, not through the store's intent-named
// methods: every row keeps its id, so order numbers, URLs, idempotency keys and cursors stay valid. The source reads
// each column by the type its migration declares and hands the rows over as these values; the target checks each
// against its own column's type and inserts it as that type.

/// One value of a copied row, as the source's schema declares its column.
public enum CopiedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case boolean(Bool)
    /// A date, as the store keeps it (to the millisecond).
    case moment(Date)
    case blob(Data)

    /// What the value is, for a refusal.
    public var kind: String {
        switch self {
        case .null: "NULL"
        case .integer: "an integer"
        case .text: "text"
        case .boolean: "a boolean"
        case .moment: "a date"
        case .blob: "a blob"
        }
    }
}

/// A table that holds store data, with its columns in the source's order.
public struct CopiedTable: Sendable, Equatable {
    public let name: String
    public let columns: [String]

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }

    /// Tables that each engine's triggers keep from the rows of others (the order counts of the list's tabs, the
    /// notification counts): the target's own triggers build them from the copied rows, so they are not copied.
    public static let keptByTriggers: Set<String> = ["order_counts", "outbox_counts"]
}

/// Rows of one table, `columns` values each, one after the other.
public struct CopiedRows: Sendable {
    public let columns: Int
    public var values: [CopiedValue]

    public init(columns: Int, values: [CopiedValue] = []) {
        self.columns = columns
        self.values = values
    }

    public var count: Int { columns == 0 ? 0 : values.count / columns }
}

/// A store's data as one consistent snapshot, table by table: what a copy reads. Every read sees the store as it was
/// when the source was opened, however long the copy takes.
public protocol StoreCopySource: Sendable {
    /// Every table that holds store data: not the migration log, not an engine's own index tables, not the tables
    /// kept by triggers (`CopiedTable.keptByTriggers`).
    func copiedTables() async throws -> [CopiedTable]

    /// Hands `table`'s rows to `body` in batches of at most `batchSize`, in the order they were written.
    func readRows(
        of table: CopiedTable, batchSize: Int, _ body: (CopiedRows) async throws -> Void
    ) async throws
}

/// How far a copy got: after each table, its rows.
public struct CopiedTableCount: Sendable, Equatable {
    public let table: String
    public let rows: Int

    public init(table: String, rows: Int) {
        self.table = table
        self.rows = rows
    }
}

/// Why a copy was refused or stopped. One line each; the target was left as it was.
public enum StoreCopyError: Error, Equatable, CustomStringConvertible {
    /// The target already holds rows.
    case targetNotEmpty(table: String)
    /// The two schemas hold different tables: one of the engines lacks a migration the other has.
    case tablesDiffer(onlyInSource: [String], onlyInTarget: [String])
    case columnsDiffer(table: String, source: [String], target: [String])
    /// A column whose type the copy does not know how to write.
    case unknownColumnType(table: String, column: String, type: String)
    /// A stored value that is not of its column's type.
    case valueNotOfType(table: String, column: String, value: String, type: String)

    public var description: String {
        switch self {
        case .targetNotEmpty(let table):
            "the target database is not empty (its table \(table) has rows); deskflow copy goes only into an empty one"
        case .tablesDiffer(let onlyInSource, let onlyInTarget):
            "the two databases' tables differ (only in the source: \(Self.list(onlyInSource)); only in the target: "
                + "\(Self.list(onlyInTarget))); are both migrated by this version of Deskflow?"
        case .columnsDiffer(let table, let source, let target):
            "the table \(table) has columns \(Self.list(source)) in the source but \(Self.list(target)) in the target"
        case .unknownColumnType(let table, let column, let type):
            "the column \(table).\(column) is of type \(type), which deskflow copy does not know"
        case .valueNotOfType(let table, let column, let value, let type):
            "a row of \(table) holds \(value) in \(column), which is of type \(type)"
        }
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}
