import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowSimulation
@testable import DeskflowStoreSQLite

/// The simulation's specification: its own tables and migrations, the ledger it keeps beside the store, and the check
/// of every payment against that ledger. Every feature is a nested suite in its own file.
@Suite("Deskflow simulation")
struct DeskflowSimulationTests {}

enum SimulationFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let simulationTables = ["gateway_transactions", "simulated_outages"]

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func definition() throws -> DemoStoreDefinition {
        try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
    }

    /// The demo store with the simulation set up and its ledger seeded, once for the whole run.
    static let demoTemplate = Task { () async throws -> SQLiteStore in
        let database = try SQLiteStore.temporary()
        let simulation = try await Simulation.setUp(on: database)
        _ = try await database.seedDemoStore(definition(), now: now, paymentCallLedger: simulation.seededPaymentCalls)
        return database
    }

    /// A private copy of the demo store, for tests that change it.
    static func demoStore() async throws -> SQLiteStore {
        let template = try await demoTemplate.value
        let path = template.path + "-\(UUID().uuidString).sqlite"
        try await template.backup(to: path)
        return try SQLiteStore(path: path)
    }

    /// A path in a new temporary directory.
    static func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskflow-simulation-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("deskflow.sqlite").path
    }

    /// The tables of `database` among `simulationTables`.
    static func tables(_ database: SQLiteStore) async throws -> [String] {
        try await database.pool.read { db in try simulationTables.filter { try db.tableExists($0) } }
    }

    /// What SQLite keeps of the simulation's tables and indexes: the text of their definitions.
    static func schema(_ database: SQLiteStore) async throws -> [String] {
        try await database.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT type || ' ' || name || ': ' || sql FROM sqlite_master
                WHERE tbl_name IN ('gateway_transactions', 'simulated_outages') AND sql IS NOT NULL ORDER BY type, name
                """)
        }
    }

    static func count(_ database: SQLiteStore, _ sql: String) async throws -> Int {
        try await database.pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// What `deskflow check` reports.
    static func checkProblems(_ database: SQLiteStore) async throws -> [StoreProblem] {
        StoreProblem.report(
            try await database.storeProblems(now: now), try await Simulation.setUp(on: database).ledgerProblems())
    }
}

/// Runs blocking work (GRDB's synchronous migrator) on a thread of its own, off Swift's small cooperative pool.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
