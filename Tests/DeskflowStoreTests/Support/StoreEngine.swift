import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Testing

@testable import DeskflowStoreSQLite

/// The engines a store test runs its one body on: the store contract, the same expectations of SQLite and PostgreSQL.
enum StoreEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always, PostgreSQL when a server is named. A PostgreSQL case is left out rather than cancelled (Swift
    /// Testing reports a cancelled case as passed); the run still says PostgreSQL was skipped, and why, through the
    /// `.postgresServer` suites.
    static let available: [StoreEngine] = PostgresTestServer.isAvailable ? [.sqlite, .postgres] : [.sqlite]

    /// Runs `body` with a new, fully migrated, empty store on this engine: a temporary SQLite file, or a PostgreSQL
    /// schema of its own, dropped afterwards.
    func withStore<Result>(_ body: (any DeskflowDatabase) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            return try await body(try SQLiteStore.temporary())
        case .postgres:
            let logger = PostgresTestServer.logger
            return try await PostgresTestServer.withFreshSchema { engine, _ in
                _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
                return try await body(PostgresStore(engine: engine, logger: logger))
            }
        }
    }
}
