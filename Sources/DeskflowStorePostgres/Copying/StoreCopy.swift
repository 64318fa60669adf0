import DeskflowStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// Copies every table of `source` into this database, which must be migrated and empty, keeping every id, and
    /// reports each table as it is done. Everything goes in ONE transaction: a copy refused or stopped part-way leaves
    /// the database as empty as it was.
    ///
    /// The tables are locked against writes first, so nothing is placed between the check that they are empty and the
    /// commit. They are filled parents first (foreign keys are checked as each statement runs). The triggers build
    /// the order and notification counts from the copied rows, and each identity is then moved past the highest id
    /// copied, so the next order placed gets the next id.
    public func copy(
        from source: any StoreCopySource, progress: (CopiedTableCount) -> Void
    ) async throws -> [CopiedTableCount] {
        let logger = logger
        let sourceTables = try await source.copiedTables()
        let counts = try await client.withRetryingTransaction(logger: logger) { connection in
            let tables = try await CopyTarget.read(on: connection, logger: logger).tables(matching: sourceTables)
            let names = tables.map { $0.name.quotedIdentifier }.joined(separator: ", ")
            try await connection.perform(PostgresQuery(unsafeSQL: "LOCK TABLE \(names) IN EXCLUSIVE MODE"), logger: logger)
            for table in tables {
                if try await table.hasRows(on: connection, logger: logger) {
                    throw StoreCopyError.targetNotEmpty(table: table.name)
                }
            }
            var counts: [CopiedTableCount] = []
            for table in tables {
                let count = CopiedTableCount(
                    table: table.name, rows: try await table.copy(from: source, on: connection, logger: logger))
                counts.append(count)
                progress(count)
            }
            for table in tables { try await table.moveIdentity(on: connection, logger: logger) }
            return counts
        }
        try await refreshPlannerStatistics()
        return counts
    }
}

/// The target's tables as its catalog lists them: each column's type, which column is an identity, and which tables
/// each one's foreign keys point at. Generated columns (the lower-cased search text) are PostgreSQL's own, computed
/// from the copied ones, and left out.
private struct CopyTarget {
    var columns: [String: [(name: String, type: String, isIdentity: Bool)]] = [:]
    var parents: [String: Set<String>] = [:]

    /// The migration log, which the target's own migrations wrote.
    private static let engineTables: Set<String> = ["deskflow_migrations"]

    static func read(on connection: PostgresConnection, logger: Logger) async throws -> CopyTarget {
        var target = CopyTarget()
        let columns = try await connection.queryWhileOpen(
            """
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity::text = 'YES'
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated::text = 'NEVER'
            ORDER BY c.table_name, c.ordinal_position
            """,
            logger: logger)
        for try await (table, column, type, isIdentity) in columns.decode((String, String, String, Bool).self)
        where !engineTables.contains(table) && !CopiedTable.keptByTriggers.contains(table) {
            target.columns[table, default: []].append((column, type, isIdentity))
        }
        let references = try await connection.queryWhileOpen(
            """
            SELECT child.relname::text, parent.relname::text
            FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_class parent ON parent.oid = k.confrelid
            WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
            """,
            logger: logger)
        for try await (child, parent) in references.decode((String, String).self) where child != parent {
            target.parents[child, default: []].insert(parent)
        }
        return target
    }

    /// The source's tables as this target holds them, parents before the tables that refer to them; refused when
    /// the two schemas do not hold the same tables and columns.
    func tables(matching source: [CopiedTable]) throws -> [TargetTable] {
        let sourceNames = Set(source.map(\.name))
        let targetNames = Set(columns.keys)
        guard sourceNames == targetNames else {
            throw StoreCopyError.tablesDiffer(
                onlyInSource: sourceNames.subtracting(targetNames).sorted(),
                onlyInTarget: targetNames.subtracting(sourceNames).sorted())
        }
        var tables: [TargetTable] = []
        for table in source {
            let target = columns[table.name] ?? []
            guard Set(target.map(\.name)) == Set(table.columns), target.count == table.columns.count else {
                throw StoreCopyError.columnsDiffer(table: table.name, source: table.columns, target: target.map(\.name))
            }
            let byName = Dictionary(uniqueKeysWithValues: target.map { ($0.name, $0) })
            let types = try table.columns.map { column in
                let type = byName[column]!.type
                guard let known = TargetColumnType(rawValue: type) else {
                    throw StoreCopyError.unknownColumnType(table: table.name, column: column, type: type)
                }
                return known
            }
            tables.append(TargetTable(
                source: table, types: types, identity: target.first(where: \.isIdentity)?.name))
        }
        return parentsFirst(tables)
    }

    /// `tables` in an order where every table comes after those its foreign keys point at, else by name.
    private func parentsFirst(_ tables: [TargetTable]) -> [TargetTable] {
        var pending = tables.sorted { $0.name < $1.name }
        var placed: Set<String> = []
        var ordered: [TargetTable] = []
        while !pending.isEmpty {
            let index = pending.firstIndex { parents[$0.name, default: []].isSubset(of: placed) } ?? 0
            let table = pending.remove(at: index)
            placed.insert(table.name)
            ordered.append(table)
        }
        return ordered
    }
}

/// The column types of the store's PostgreSQL schema (Sources/DeskflowStorePostgres/Migrations), as
/// `information_schema` names them.
private enum TargetColumnType: String {
    case bigint
    case text
    case timestamptz = "timestamp with time zone"
    case boolean
    case bytea
}

private struct TargetTable {
    let source: CopiedTable
    let types: [TargetColumnType]
    /// The column whose identity gives new rows their ids, if any.
    let identity: String?

    /// Rows read from the source at a time.
    private static let batchSize = 2_000

    var name: String { source.name }

    func hasRows(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.queryWhileOpen(
            PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(name.quotedIdentifier))"), logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    /// Inserts every row of the source's table, as read; returns how many.
    func copy(from source: any StoreCopySource, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var insert = MultiRowInsert(name.quotedIdentifier, self.source.columns.map(\.quotedIdentifier))
        var copied = 0
        try await source.readRows(of: self.source, batchSize: Self.batchSize) { rows in
            for row in 0..<rows.count {
                for (column, type) in types.enumerated() {
                    let value = rows.values[row * rows.columns + column]
                    guard insert.bind(value, as: type) else {
                        throw StoreCopyError.valueNotOfType(
                            table: name, column: self.source.columns[column], value: value.kind, type: type.rawValue)
                    }
                }
                insert.endRow()
                if insert.isFull { try await insert.send(on: connection, logger: logger) }
            }
            copied += rows.count
        }
        try await insert.send(on: connection, logger: logger)
        return copied
    }

    /// Moves the identity past the highest id copied: the next row inserted gets the one after.
    func moveIdentity(on connection: PostgresConnection, logger: Logger) async throws {
        guard let identity else { return }
        var binds = PostgresBindings()
        binds.append(name.quotedIdentifier)
        binds.append(identity)
        try await connection.perform(
            PostgresQuery(
                unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence($1, $2),
                        COALESCE((SELECT max(\(identity.quotedIdentifier)) FROM \(name.quotedIdentifier)), 0) + 1, false)
                    """,
                binds: binds),
            logger: logger)
    }
}

extension MultiRowInsert {
    /// Binds a copied value as a column of `type`; `false`, binding nothing, when the value is not of that type.
    fileprivate mutating func bind(_ value: CopiedValue, as type: TargetColumnType) -> Bool {
        switch (value, type) {
        case (.null, .bigint): bind(Int64?.none)
        case (.null, .text): bind(String?.none)
        case (.null, .timestamptz): bind(StoredMoment?.none)
        case (.null, .boolean): bind(Bool?.none)
        case (.null, .bytea): bind(ByteBuffer?.none)
        case (.integer(let integer), .bigint): bind(integer)
        case (.text(let text), .text): bind(text)
        case (.moment(let date), .timestamptz): bind(date)
        case (.boolean(let boolean), .boolean): bind(boolean)
        case (.blob(let data), .bytea): bind(ByteBuffer(bytes: data))
        default: return false
        }
        return true
    }
}

extension String {
    /// The name as an SQL identifier, in double quotes.
    fileprivate var quotedIdentifier: String { "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
