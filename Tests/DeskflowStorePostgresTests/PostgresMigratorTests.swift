import DeskflowSimulation
@testable import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import PostgresNIO
import Testing

@Suite("PostgreSQL migrations", .postgresServer)
struct PostgresMigratorTests {
    let logger = PostgresTestServer.logger
    let simulation = PostgresMigrator.simulation(SimulationPostgresMigrations.all)

    /// The store's first `count` migrations, as an older build would apply them.
    func storePrefix(_ count: Int, then more: [PostgresMigration] = []) -> PostgresMigrator {
        PostgresMigrator(migrations: Array(PostgresMigrations.store.prefix(count)) + more, owns: PostgresMigrator.store.owns)
    }

    @Test("apply every migration to an empty schema, and a second run does nothing")
    func appliesOnce() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let first = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            #expect(first == PostgresMigrations.store.map(\.name))
            let second = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            #expect(second == [])
            #expect(try await PostgresMigrator.appliedNames(engine.client, logger: logger) == first)
        }
    }

    @Test("a database never migrated has no applied migrations")
    func neverMigrated() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let applied = try await PostgresMigrator.appliedNames(engine.client, logger: logger)
            #expect(applied == [])
        }
    }

    @Test("two instances migrating at once apply each migration once")
    func concurrentMigrators() async throws {
        try await PostgresTestServer.withFreshSchema { engine, schema in
            // A second instance: its own pool on the same schema.
            try await PostgresEngine.withRunningEngine(
                settings: engine.settings, searchPath: [schema, "public"], logger: logger
            ) { other in
                async let mine = PostgresMigrator.store.migrate(engine.client, logger: logger)
                async let theirs = PostgresMigrator.store.migrate(other.client, logger: logger)
                let applied = try await [mine, theirs]
                #expect(applied.contains(PostgresMigrations.store.map(\.name)))
                #expect(applied.contains([]))
            }
            let recorded = try await engine.client.values(
                "SELECT name FROM deskflow_migrations ORDER BY applied_at", as: String.self
            )
            #expect(recorded == PostgresMigrations.store.map(\.name))
        }
    }

    @Test("the store's and the simulation's migrations share the log without refusing each other")
    func sharedLog() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            let applied = try await simulation.migrate(engine.client, logger: logger)
            #expect(applied == ["simulation-v1-gateway-ledger", "simulation-v1-outages"])
            #expect(try await PostgresMigrator.store.migrate(engine.client, logger: logger) == [])
            #expect(try await simulation.migrate(engine.client, logger: logger) == [])
        }
    }

    @Test("a database with a migration this build does not know is refused in one line, and left as it was")
    func refusesUnknownMigration() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await storePrefix(2).migrate(engine.client, logger: logger)
            try await engine.client.perform(
                "INSERT INTO deskflow_migrations (name, applied_at) VALUES ('v99-from-the-future', now())",
                logger: logger
            )
            let error = await #expect(throws: PostgresMigrationError.self) {
                try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            }
            #expect(error == .unknownMigrations(["v99-from-the-future"]))
            #expect(error?.description.contains("v99-from-the-future") == true)
            #expect(error?.description.contains("\n") == false)
            let tables = try await engine.client.values(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'cancellations'",
                as: Int.self
            )
            #expect(tables == [0])
        }
    }

    @Test("a migration the server refuses names itself, and nothing of the run is applied")
    func failingMigration() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let broken = storePrefix(2, then: [PostgresMigration("v99-broken", ["UPDATE no_such_table SET x = 1"])])
            let error = await #expect(throws: PostgresMigrationError.self) {
                try await broken.migrate(engine.client, logger: logger)
            }
            guard case .failed(let name, let message) = error else {
                Issue.record("expected a failed migration, got \(String(describing: error))")
                return
            }
            #expect(name == "v99-broken")
            #expect(message.sqlState == "42P01")
            let applied = try await PostgresMigrator.appliedNames(engine.client, logger: logger)
            #expect(applied == [])
        }
    }

    @Test("each list refuses only an unknown name of its own kind")
    func unknownSimulationMigration() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            try await simulation.migrate(engine.client, logger: logger)
            try await engine.client.perform(
                "INSERT INTO deskflow_migrations (name, applied_at) VALUES ('simulation-v9-from-the-future', now())",
                logger: logger
            )
            let storeApplied = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            #expect(storeApplied == [])
            await #expect(throws: PostgresMigrationError.unknownMigrations(["simulation-v9-from-the-future"])) {
                try await simulation.migrate(engine.client, logger: logger)
            }
        }
    }
}
