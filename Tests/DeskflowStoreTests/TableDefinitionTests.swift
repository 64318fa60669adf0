import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Each table's columns are listed once, in its record's `TableDefinition`; reading, writing and bulk seeding come
    /// from there. These tests hold every definition against the schema the real migrations leave, and against the
    /// record's own properties, so a column added in one place and not the other fails here.
    @Suite("One definition per table")
    struct TableDefinitions {
        /// Every record with a definition, to be checked one by one.
        static let records: [any DefinedRecord.Type] = [
            ProductRecord.self, StockLevelRecord.self, CustomerRecord.self, OrderRecord.self, LineItemRecord.self,
            InventoryLedgerRecord.self, PaymentRecord.self, RefundRecord.self, OrderEventRecord.self,
            StaffUserRecord.self, SessionRecord.self, SignInAttemptRecord.self, IdempotencyRecord.self,
            OutboxRecord.self, OrderCountRecord.self, CancellationRow.self, OutboxCountRecord.self, APITokenRecord.self,
            APIRequestRecord.self,
        ]

        /// Tables that belong to the simulated payment provider and move out of the store with it.
        static let simulatorTables: Set<String> = ["gateway_transactions", "simulated_outages"]

        /// A column as `PRAGMA table_info` describes it, in the definition's terms.
        static func migratedColumns(_ table: String, _ db: Database) throws -> [ColumnSchema] {
            try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
                .map { row in
                    ColumnSchema(
                        name: row["name"], declaredType: row["type"], isNullable: !(row["notnull"] as Bool),
                        isPrimaryKey: (row["pk"] as Int) > 0, knownValues: nil)
                }
        }

        @Test("every table the migrations create has a definition, and every definition a table")
        func everyTableIsDefined() async throws {
            let database = try SQLiteStore.temporary()
            let migrated = try await database.pool.read { db in
                // Full-text indexes (virtual tables, and the shadow tables that hold them) have no records.
                try String.fetchSet(db, sql: """
                    SELECT name FROM sqlite_master AS t
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                    AND NOT EXISTS (
                        SELECT 1 FROM sqlite_master AS v
                        WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\'
                    )
                    """)
            }

            let defined = Set(StoreTables.all.map(\.name))
            #expect(migrated.subtracting(Self.simulatorTables).sorted() == defined.sorted())
            #expect(Set(Self.records.map { $0.databaseTableName }) == defined)
        }

        @Test(
            "each definition lists the migrated table's columns: names in order, declared type, NOT NULL and primary key",
            arguments: StoreTables.all.map(\.name))
        func definitionMatchesMigratedSchema(table: String) async throws {
            let database = try SQLiteStore.temporary()
            let migrated = try await database.pool.read { db in try Self.migratedColumns(table, db) }
            let definition = try #require(StoreTables.all.first { $0.name == table })

            let defined = definition.schema.map { column in
                var column = column
                column.knownValues = nil
                return column
            }
            let missing = migrated.filter { !defined.map(\.name).contains($0.name) }.map(\.name)
            let extra = defined.filter { !migrated.map(\.name).contains($0.name) }.map(\.name)
            #expect(
                defined.map(\.description) == migrated.map(\.description),
                "migrated but not defined: \(missing); defined but not migrated: \(extra)")
        }

        @Test("each record's stored properties are its table's columns, in the same order", arguments: Self.records.indices)
        func propertiesAreColumns(index: Int) throws {
            func check<Record: DefinedRecord>(_ type: Record.Type) throws {
                let properties = Mirror(reflecting: try Record(from: BlankDecoder())).children.map { $0.label ?? "?" }
                #expect(properties.map(Self.snakeCased) == Record.table.columns.map(\.name), "\(Record.self)")
            }
            try check(Self.records[index])
        }

        @Test(
            "a row reads into the property of each column's name and writes back the same, with every optional set or none",
            arguments: Self.records.indices, [true, false])
        func rowsRoundTrip(index: Int, optionalsSet: Bool) async throws {
            let database = try SQLiteStore.temporary()
            func check<Record: DefinedRecord>(_ type: Record.Type) async throws {
                let table = Record.table
                let stored = Self.distinctRow(table.schema, table: table.name, optionalsSet: optionalsSet)
                let (record, raw, encoded) = try await database.pool.writeWithoutTransaction { db in
                    // Only this table's row exists: the rows it refers to do not matter here.
                    try db.execute(sql: "PRAGMA foreign_keys = OFF")
                    defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                    try db.execute(
                        sql: "INSERT INTO \(table.name) (\(stored.keys.joined(separator: ", "))) "
                            + "VALUES (\(databaseQuestionMarks(count: stored.count)))",
                        arguments: StatementArguments(Array(stored.values)))
                    let record = try #require(try Record.fetchOne(db))
                    let raw = try #require(try Row.fetchOne(db, sql: "SELECT * FROM \(table.name)"))
                    return (record, raw, try record.databaseDictionary)
                }

                // then every property holds its own column's value
                let properties = Dictionary(uniqueKeysWithValues: Mirror(reflecting: record).children.map { child in
                    (Self.snakeCased(child.label ?? "?"), (child.value as? any ColumnValue)?.storedValue)
                })
                for column in table.columns {
                    #expect(properties[column.name] == raw[column.name] as DatabaseValue, "\(table.name).\(column.name)")
                    // and writing the record stores what was read
                    #expect(encoded[column.name] == raw[column.name] as DatabaseValue, "\(table.name).\(column.name)")
                }
                #expect(encoded.count == table.columns.count)
            }
            try await check(Self.records[index])
        }

        @Test("every demo store row reads back as it is stored, column by column", arguments: Self.records.indices)
        func demoStoreRows(index: Int) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            func check<Record: DefinedRecord>(_ type: Record.Type) async throws -> (rows: Int, differing: [String]) {
                try await database.pool.read { db in
                    let raws = try Row.fetchAll(db, sql: "SELECT * FROM \(Record.databaseTableName)")
                    let records = try Record.fetchAll(db, sql: "SELECT * FROM \(Record.databaseTableName)")
                    var differing: [String] = []
                    for (raw, record) in zip(raws, records) {
                        let encoded = try record.databaseDictionary
                        for column in Record.table.columns where encoded[column.name] != raw[column.name] as DatabaseValue {
                            differing.append("\(Record.databaseTableName).\(column.name): \(raw[column.name] as DatabaseValue)")
                        }
                    }
                    return (records.count, differing)
                }
            }

            let (rows, differing) = try await check(Self.records[index])
            #expect(differing.isEmpty, "\(differing.count) values read differently, first \(differing.first ?? "")")
            _ = rows
        }

        @Test("demo orders include ones without an issue, cancellation or tracking number, and ones with each")
        func demoOrdersCoverNullColumns() async throws {
            let database = try await StoreFixtures.sharedDemoStore()

            await #expect(try database.count("""
                SELECT COUNT(*) FROM orders
                WHERE issue_kind IS NULL AND cancel_reason IS NULL AND tracking_number IS NULL
                """) > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE issue_since IS NOT NULL") > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE cancelled_at IS NOT NULL") > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE tracking_number IS NOT NULL") > 0)
        }

        /// `shipPostalCode` as its column is named, `ship_postal_code`.
        static func snakeCased(_ property: String) -> String {
            property.reduce(into: "") { name, character in
                name += character.isUppercase ? "_" + character.lowercased() : String(character)
            }
        }

        /// A row in which every column holds a value no other column holds (codes and booleans as far as they go),
        /// as it is stored: dates as GRDB's text. Nullable columns hold NULL unless `optionalsSet`.
        static func distinctRow(_ columns: [ColumnSchema], table: String, optionalsSet: Bool) -> [String: DatabaseValue] {
            var row: [String: DatabaseValue] = [:]
            for (index, column) in columns.enumerated() {
                if column.isNullable && !optionalsSet && !column.isPrimaryKey {
                    row[column.name] = .null
                } else if let known = column.knownValues {
                    row[column.name] = known[(index + (optionalsSet ? 1 : 0)) % known.count].databaseValue
                } else {
                    switch column.declaredType {
                    case "INTEGER": row[column.name] = (1_000 + index).databaseValue
                    case "BOOLEAN": row[column.name] = (index % 2).databaseValue
                    case "DATETIME":
                        let text = String(
                            format: "2026-11-%02d 12:%02d:%02d.%03d", index % 28 + 1, index, index, index * 7)
                        row[column.name] = text.databaseValue
                    case "BLOB": row[column.name] = Data([UInt8(index), 7]).databaseValue
                    default: row[column.name] = "\(table).\(column.name)".databaseValue
                    }
                }
            }
            return row
        }
    }
}
