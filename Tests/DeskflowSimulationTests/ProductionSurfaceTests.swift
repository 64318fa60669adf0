import Foundation
import Testing

extension DeskflowSimulationTests {
    /// The simulation stays behind the ports: only the composition root chooses it, and only its own code (and the
    /// store's migrations from before it had its own) names its tables.
    @Suite("The simulation out of the production surface")
    struct ProductionSurface {
        static let sources = SimulationFixtures.packageRoot.appendingPathComponent("Sources")

        /// Every Swift file under `Sources/`, as a path from there, with its text.
        static func sourceFiles() throws -> [(path: String, text: String)] {
            let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            return try enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
                (String(url.path.dropFirst(sources.path.count + 1)), try String(contentsOf: url, encoding: .utf8))
            }
        }

        @Test("production code names no simulated service; the command line and the app's default configuration choose it")
        func noSimulatorInProduction() throws {
            let composition = ["deskflow/", "DeskflowSimulation/", "DeskflowWeb/Application/AppConfiguration.swift"]
            let naming = try Self.sourceFiles().filter { file in
                !composition.contains { file.path.hasPrefix($0) }
                    && file.text.contains(/\b(SimulatedGateway|SimulatedWarehouse|SimulatedOutages|Simulation)\b/)
            }
            #expect(naming.map(\.path) == [])
        }

        @Test("only the simulation names its tables, besides the store migrations that made them and handed them over")
        func tablesNamedBySimulationOnly() throws {
            let history = [
                "DeskflowStoreSQLite/Migrations/Cancellations.swift", "DeskflowStoreSQLite/Migrations/OutageDrills.swift",
                "DeskflowStoreSQLite/Migrations/SimulatorHandOver.swift",
            ]
            let naming = try Self.sourceFiles().filter { file in
                !file.path.hasPrefix("DeskflowSimulation/") && !history.contains(file.path)
                    && ["gateway_transactions", "simulated_outages"].contains { file.text.contains($0) }
            }
            #expect(naming.map(\.path) == [])
        }
    }
}
