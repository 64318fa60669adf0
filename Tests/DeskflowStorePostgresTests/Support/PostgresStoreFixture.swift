import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO

/// A `PostgresStore` on a fresh, fully migrated schema, for the store's method tests.
enum PostgresStoreFixture {
    /// Every test reads time from here, never from the system clock: the moment SQLite's store tests use.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func withStore<Result>(_ body: (PostgresStore) async throws -> Result) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: PostgresTestServer.logger)
            return try await body(PostgresStore(engine: engine, logger: PostgresTestServer.logger))
        }
    }
}
