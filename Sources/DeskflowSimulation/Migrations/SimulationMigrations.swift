import DeskflowStore
import GRDB

/// The simulation's own migrations, applied when it is set up on a Deskflow database (`Simulation.setUp(on:)`).
/// They share GRDB's migration log with the store's, under their own `simulation-` names. A migration that has shipped
/// is never edited: add a new one.
///
/// Databases made before the simulation had migrations already hold both tables, created by the store's `v2` and `v8`
/// (which leaves them in place when they hold rows). The same definitions, `IF NOT EXISTS`, adopt them as they are, so
/// an upgraded database and a new one end up with the same schema.
enum SimulationMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Neither touches a foreign key: no need to check the whole database's afterwards.
        migrator.registerMigration("simulation-v1-gateway-ledger", foreignKeyChecks: .immediate, migrate: createGatewayLedger)
        migrator.registerMigration("simulation-v1-outages", foreignKeyChecks: .immediate, migrate: createOutages)
        return migrator
    }

    /// Applies the migrations not applied yet, without holding a thread of Swift's cooperative pool while it waits.
    /// A database a newer Deskflow set its simulation up on is refused, as the store refuses its own newer migrations.
    static func migrate(_ writer: some DatabaseWriter) async throws {
        let unknown = try await writer.read(unknownMigrations)
        guard unknown.isEmpty else { throw StoreError.migratedByNewerVersion(path: writer.path, migrations: unknown) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            migrator.asyncMigrate(writer) { result in continuation.resume(with: result.map { _ in }) }
        }
    }

    /// The simulation's migrations in the shared log that this build does not know, in the order they were applied.
    static func unknownMigrations(_ db: Database) throws -> [String] {
        guard try db.tableExists("grdb_migrations") else { return [] }
        let known = Set(migrator.migrations)
        return try String.fetchAll(
            db, sql: "SELECT identifier FROM grdb_migrations WHERE identifier LIKE 'simulation-%' ORDER BY rowid"
        ).filter { !known.contains($0) }
    }

    /// What the payment provider knows: one row per idempotency key, the first final answer kept forever.
    static func createGatewayLedger(_ db: Database) throws {
        try db.create(table: GatewayTransactionRecord.databaseTableName, options: .ifNotExists) { t in
            t.primaryKey("idempotency_key", .text)
            t.column("kind", .text).notNull()
            t.column("order_number", .integer).notNull().indexed()
            t.column("amount_minor", .integer).notNull()
            t.column("card_last4", .text)
            t.column("succeeded", .boolean).notNull()
            // A final answer is replayed for the key forever; a transient failure lets a retry try again.
            t.column("is_final", .boolean).notNull()
            t.column("reference", .text)
            t.column("failure_code", .text)
            t.column("failure_message", .text)
            t.column("attempts", .integer).notNull().defaults(to: 1)
            t.column("created_at", .datetime).notNull()
        }
    }

    /// Outages of the simulated gateway and warehouse, switched on from the command line (`deskflow outage`) so fault
    /// drills can be run against a live server.
    static func createOutages(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS simulated_outages (
              service TEXT PRIMARY KEY NOT NULL CHECK (service IN ('gateway', 'warehouse')),
              mode TEXT NOT NULL CHECK (mode IN ('timeout', 'fail')),
              until DATETIME NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
