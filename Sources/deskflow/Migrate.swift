import ArgumentParser
import DeskflowSimulation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var options: DatabaseOptions

    /// On PostgreSQL, the store's and the simulation's migrations run each set in one transaction under its advisory
    /// lock, so instances migrating together apply each migration once.
    func run() async throws {
        let location = try options.location()
        try await options.withDatabase(location) { database in
            // The simulated gateway and warehouse the server runs with keep their tables under their own migrations.
            _ = try await oneLineErrors { try await Simulation.setUp(on: database) }
        }
        print("Database is up to date: \(location)")
    }
}
