@testable import DeskflowSimulation
import DeskflowStore
@testable import DeskflowStoreSQLite
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import GRDB
import PostgresNIO
import Testing

/// The PostgreSQL schema against the SQLite one, which stays the reference: the same migrations by name, the same
/// tables and columns in the same order (the SQLite store reads rows by position), and the same indexes apart from the
/// deliberate differences listed here. PostgreSQL's generated columns are its own, computed from the shared ones.
@Suite("PostgreSQL schema")
struct PostgresSchemaTests {
    /// Indexes PostgreSQL has that SQLite makes another way: the unique case-insensitive staff email is SQLite's
    /// `UNIQUE COLLATE NOCASE` constraint, and the trigram indexes stand for the FTS5 table `order_search`.
    static let postgresOnlyIndexes: Set<String> = ["staff_users_by_email", "orders_search_by_name", "orders_search_by_email"]

    @Test("the migrations have SQLite's names, in SQLite's order")
    func migrationNames() {
        #expect(PostgresMigrations.store.map(\.name) == Migrations.migrator.migrations)
        #expect(SimulationPostgresMigrations.all.map(\.name) == SimulationMigrations.migrator.migrations)
    }

    /// The lower-cased name and email the trigram indexes cover (`v19-order-search-lowercased`).
    static let postgresGeneratedColumns = ["orders.search_name text", "orders.search_email text"]

    @Test("every table and column of the SQLite schema, and no other, with PostgreSQL's types", .postgresServer)
    func sameColumns() async throws {
        let sqlite = try SQLiteSchema.migrated()
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await PostgresMigrator.store.migrate(engine.client, logger: PostgresTestServer.logger)
            try await PostgresMigrator.simulation(SimulationPostgresMigrations.all)
                .migrate(engine.client, logger: PostgresTestServer.logger)
            let postgres = try await engine.client.values(
                """
                SELECT table_name::text || '.' || column_name::text || ' ' || data_type::text
                    || (CASE WHEN is_nullable::text = 'NO' THEN ' not null' ELSE '' END)
                    || (CASE WHEN column_default IS NOT NULL THEN ' default' ELSE '' END)
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name <> 'deskflow_migrations'
                    AND is_generated::text = 'NEVER'
                ORDER BY table_name, ordinal_position
                """,
                as: String.self
            )
            #expect(postgres == sqlite.columns)
            let generated = try await engine.client.values(
                """
                SELECT table_name::text || '.' || column_name::text || ' ' || data_type::text
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_generated::text <> 'NEVER'
                ORDER BY table_name, ordinal_position
                """,
                as: String.self
            )
            #expect(generated == Self.postgresGeneratedColumns)
        }
    }

    @Test("the same indexes, apart from the deliberate differences", .postgresServer)
    func sameIndexes() async throws {
        let sqlite = try SQLiteSchema.migrated()
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await PostgresMigrator.store.migrate(engine.client, logger: PostgresTestServer.logger)
            try await PostgresMigrator.simulation(SimulationPostgresMigrations.all)
                .migrate(engine.client, logger: PostgresTestServer.logger)
            // Indexes behind a primary key or unique constraint bear the constraint's name; both engines have those.
            let postgres = try await engine.client.values(
                """
                SELECT indexname::text FROM pg_indexes
                WHERE schemaname = current_schema() AND indexname NOT IN (
                    SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
                )
                """,
                as: String.self
            )
            #expect(Set(postgres) == sqlite.indexes.union(Self.postgresOnlyIndexes))
        }
    }
}

/// The SQLite schema the migrations leave, in the form the PostgreSQL catalog is read in.
struct SQLiteSchema {
    /// `table.column type[ not null][ default]`, by table name then column position, with SQLite's types named as
    /// PostgreSQL's counterparts.
    let columns: [String]
    let indexes: Set<String>

    static let postgresTypes = [
        "INTEGER": "bigint", "TEXT": "text", "DATETIME": "timestamp with time zone", "BOOLEAN": "boolean",
        "BLOB": "bytea",
    ]

    static func migrated() throws -> SQLiteSchema {
        let database = try DatabaseQueue()
        try Migrations.migrator.migrate(database)
        try SimulationMigrations.migrator.migrate(database)
        return try database.read { db in
            // GRDB's own log, SQLite's internal tables, and the FTS5 table with its shadow tables.
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                        AND name NOT LIKE 'order_search%' AND name <> 'grdb_migrations'
                    ORDER BY name
                    """
            )
            var columns: [String] = []
            for table in tables {
                for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))") {
                    let declared: String = column["type"]
                    let notNull = (column["notnull"] as Int) == 1 || (column["pk"] as Int) > 0
                    let hasDefault = !((column["dflt_value"] as DatabaseValue).isNull)
                    columns.append(
                        "\(table).\(column["name"] as String) \(postgresTypes[declared.uppercased()] ?? declared)"
                            + (notNull ? " not null" : "") + (hasDefault ? " default" : "")
                    )
                }
            }
            let indexes = try String.fetchSet(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                        AND tbl_name NOT LIKE 'order_search%'
                    """
            )
            return SQLiteSchema(columns: columns, indexes: indexes)
        }
    }
}
