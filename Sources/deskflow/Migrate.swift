import ArgumentParser
import DeskflowCommandLine
import DeskflowSimulation
import DeskflowStorePostgres
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let location = try options.location()
        if case .postgres(let server) = location {
            try await Self.migrate(server.settings)
            print("Database is up to date: \(location)")
            return
        }
        let database = try options.open(location)
        // The simulated gateway and warehouse the server runs with keep their tables under their own migrations.
        _ = try await oneLineErrors { try await Simulation.setUp(on: database) }
        print("Database is up to date: \(location)")
    }

    /// The store's and the simulation's migrations, each set in one transaction under its advisory lock, so instances
    /// migrating together apply each migration once. The connect check first turns a wrong password, an unknown host
    /// or a server older than 15 into one line.
    private static func migrate(_ settings: PostgresSettings) async throws {
        var logger = Logger(label: "deskflow.migrate")
        logger.logLevel = .warning
        try await oneLineErrors {
            _ = try await settings.checkConnection(logger: logger)
            try await PostgresEngine.withRunningEngine(settings: settings, logger: logger) { engine in
                _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
                _ = try await PostgresMigrator.simulation(SimulationPostgresMigrations.all).migrate(engine.client, logger: logger)
            }
        }
    }
}
