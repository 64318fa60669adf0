import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The store's data as one snapshot, for `deskflow copy`: every read of the source sees the database as it is now,
    /// whatever is written to it meanwhile.
    public func copySource() throws(StoreError) -> SQLiteCopySource {
        do {
            return SQLiteCopySource(snapshot: try pool.makeSnapshot())
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.describe(error))
        }
    }
}

/// An SQLite store's tables, read inside one read transaction. Each column is read by the type its migration declares
/// (SQLite keeps whatever it is given): dates through GRDB's own decoding, as the store reads them.
public struct SQLiteCopySource: StoreCopySource {
    let snapshot: DatabaseSnapshot

    /// GRDB's migration log; the search index's virtual table and its shadow tables are no `table` to
    /// `PRAGMA table_list`.
    private static let engineTables: Set<String> = ["grdb_migrations"]

    public func copiedTables() async throws -> [CopiedTable] {
        try await snapshot.read { db in
            try Self.tableNames(db).map { CopiedTable(name: $0, columns: try db.columns(in: $0).map(\.name)) }
        }
    }

    public func readRows(
        of table: CopiedTable, batchSize: Int, _ body: (CopiedRows) async throws -> Void
    ) async throws {
        let source = try await snapshot.read { db in try SourceTable(table, db) }
        var after = SourceTable.Position.start
        while true {
            let position = after
            let (rows, next) = try await snapshot.read { db in try source.rows(after: position, limit: batchSize, db) }
            if rows.count > 0 { try await body(rows) }
            guard rows.count == batchSize else { return }
            after = next
        }
    }

    private static func tableNames(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name"
        ).filter { !$0.hasPrefix("sqlite_") && !engineTables.contains($0) && !CopiedTable.keptByTriggers.contains($0) }
    }
}

/// One table as the copy reads it: its columns' declared types, and the order its rows were written in.
private struct SourceTable: Sendable {
    enum Position: Sendable {
        case start
        /// After the row with this rowid.
        case rowID(Int64)
        /// After this many rows of a table without rowids, in primary key order.
        case offset(Int)
    }

    let table: CopiedTable
    let declaredTypes: [DeclaredType]
    /// `nil` for a table with rowids, read in rowid order (its `INTEGER PRIMARY KEY`'s, when it has one).
    let primaryKeyWithoutRowID: [String]?

    /// The types the migrations declare (Sources/DeskflowStoreSQLite/Migrations).
    enum DeclaredType: String, Sendable {
        case integer = "INTEGER"
        case text = "TEXT"
        case datetime = "DATETIME"
        case boolean = "BOOLEAN"
        case blob = "BLOB"
    }

    init(_ table: CopiedTable, _ db: Database) throws {
        self.table = table
        declaredTypes = try db.columns(in: table.name).map { column in
            guard let type = DeclaredType(rawValue: column.type.uppercased()) else {
                throw StoreCopyError.unknownColumnType(table: table.name, column: column.name, type: column.type)
            }
            return type
        }
        let withoutRowID = try Bool.fetchOne(
            db, sql: "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?", arguments: [table.name]
        ) ?? false
        primaryKeyWithoutRowID = withoutRowID ? try db.primaryKey(table.name).columns : nil
    }

    /// Up to `limit` rows after `position`, and the position after the last of them.
    func rows(after position: Position, limit: Int, _ db: Database) throws -> (CopiedRows, Position) {
        let columns = table.columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let name = table.name.quotedDatabaseIdentifier
        let cursor: RowCursor
        if let primaryKey = primaryKeyWithoutRowID {
            let offset = if case .offset(let offset) = position { offset } else { 0 }
            let order = primaryKey.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            cursor = try Row.fetchCursor(
                db, sql: "SELECT \(columns) FROM \(name) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: [limit, offset])
        } else {
            let rowID = if case .rowID(let rowID) = position { rowID } else { Int64.min }
            cursor = try Row.fetchCursor(
                db, sql: "SELECT \(columns), rowid FROM \(name) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                arguments: [rowID, limit])
        }
        var rows = CopiedRows(columns: table.columns.count)
        rows.values.reserveCapacity(limit * table.columns.count)
        var lastRowID = Int64.min
        while let row = try cursor.next() {
            for (index, type) in declaredTypes.enumerated() {
                rows.values.append(try value(row[index] as DatabaseValue, of: type, column: index))
            }
            if primaryKeyWithoutRowID == nil { lastRowID = row[table.columns.count] }
        }
        if primaryKeyWithoutRowID != nil {
            let offset = if case .offset(let offset) = position { offset } else { 0 }
            return (rows, .offset(offset + rows.count))
        }
        return (rows, .rowID(lastRowID))
    }

    /// What SQLite holds, not the value itself (which may be a password's hash).
    private static func kind(of stored: DatabaseValue) -> String {
        switch stored.storage {
        case .null: "NULL"
        case .int64(let integer): "the integer \(integer)"
        case .double: "a real number"
        case .string: "text"
        case .blob: "a blob"
        }
    }

    private func value(_ stored: DatabaseValue, of type: DeclaredType, column: Int) throws -> CopiedValue {
        switch (type, stored.storage) {
        case (_, .null): return .null
        case (.integer, .int64(let integer)): return .integer(integer)
        case (.text, .string(let text)): return .text(text)
        case (.boolean, .int64(let integer)) where integer == 0 || integer == 1: return .boolean(integer == 1)
        case (.blob, .blob(let data)): return .blob(data)
        case (.datetime, _):
            if let date = Date.fromDatabaseValue(stored) { return .moment(date) }
        default: break
        }
        throw StoreCopyError.valueNotOfType(
            table: table.name, column: table.columns[column], value: Self.kind(of: stored), type: type.rawValue)
    }
}
