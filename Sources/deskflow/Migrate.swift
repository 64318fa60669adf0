import ArgumentParser
import DeskflowCommandLine
import DeskflowSimulation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let location = try options.location()
        let database = try options.open(location)
        // The simulated gateway and warehouse the server runs with keep their tables under their own migrations.
        _ = try await oneLineErrors { try await Simulation.setUp(on: database) }
        print("Database is up to date: \(location)")
    }
}
