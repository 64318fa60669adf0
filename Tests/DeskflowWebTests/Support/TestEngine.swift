import DeskflowOperations
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// The engines a test can run the app on. A test over both runs one body on each, so a page, a journey or a race is
/// shown to behave the same whichever database is underneath.
enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The engines to run on here: SQLite always, PostgreSQL when a server is named. A PostgreSQL case is left out
    /// rather than cancelled, because Swift Testing reports a cancelled test case as passed; the run still says
    /// PostgreSQL was skipped, and why, through the `.postgresServer` suites.
    static let available: [TestEngine] = PostgresTestServer.isAvailable ? [.sqlite, .postgres] : [.sqlite]

    /// Runs `body` with the app on this engine, holding the seeded demo store.
    func withApp<Result>(
        clock: AppClock = .fixed(testNow), _ body: (TestApp) async throws -> Result
    ) async throws -> Result {
        try await withInstances(1, clock: clock) { apps in try await body(apps[0]) }
    }

    /// Runs `body` with the apps that share one database holding the seeded demo store: on SQLite the one app a
    /// database takes; on PostgreSQL `count` apps, as several `deskflow serve` processes share one database.
    func withInstances<Result>(
        _ count: Int = 2, clock: AppClock = .fixed(testNow), _ body: ([TestApp]) async throws -> Result
    ) async throws -> Result {
        switch self {
        case .sqlite: try await body([TestApp.make(clock: clock)])
        case .postgres: try await TestApp.onPostgres(instances: count, clock: clock, body)
        }
    }
}

extension TestApp {
    /// `count` apps on one fresh PostgreSQL schema seeded with the demo store, each with its own instance id,
    /// connection pool and mail folder. Called only where a server is named (`.postgresServer`, `TestEngine.available`).
    static func onPostgres<Result>(
        instances count: Int, clock: AppClock = .fixed(testNow), _ body: ([TestApp]) async throws -> Result
    ) async throws -> Result {
        let logger = PostgresTestServer.logger
        return try await PostgresTestServer.withFreshSchema { engine, schema in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            try await SeededTemplate.seed(PostgresStore(engine: engine, logger: logger))
            return try await withEngines(count - 1, like: engine, schema: schema) { others in
                let folder = FileManager.default.temporaryDirectory
                    .appendingPathComponent("deskflow-\(UUID().uuidString)", isDirectory: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                var apps: [TestApp] = []
                for (index, engine) in ([engine] + others).enumerated() {
                    let name = "instance-\(index + 1)"
                    var app = try await make(
                        on: PostgresStore(engine: engine, logger: logger),
                        mailFolder: folder.appendingPathComponent("mail-\(name)", isDirectory: true), clock: clock)
                    app.configuration.instance = InstanceID("test-host:\(name)")
                    apps.append(app)
                }
                return try await body(apps)
            }
        }
    }

    /// `count` more running engines on `schema`, each with its own pool.
    private static func withEngines<Result>(
        _ count: Int, like engine: PostgresEngine, schema: String, _ body: ([PostgresEngine]) async throws -> Result
    ) async throws -> Result {
        guard count > 0 else { return try await body([]) }
        return try await PostgresEngine.withRunningEngine(
            settings: engine.settings, searchPath: [schema, "public"], logger: PostgresTestServer.logger
        ) { another in
            try await withEngines(count - 1, like: engine, schema: schema) { others in try await body([another] + others) }
        }
    }

    /// Runs `body` with a test client for each of `apps` at once, in their order.
    static func withClients<Result: Sendable>(
        _ apps: [TestApp], _ body: @escaping @Sendable ([any TestClientProtocol]) async throws -> Result
    ) async throws -> Result {
        guard let first = apps.first else { return try await body([]) }
        return try await first.run { client in
            try await withClients(Array(apps.dropFirst())) { others in try await body([client] + others) }
        }
    }
}
