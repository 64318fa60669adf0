import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO

/// A migrated fresh schema with a store on it, for the write tests.
enum PostgresStoreFixture {
    static let logger = PostgresTestServer.logger
    static let now = Date(timeIntervalSince1970: 1_780_000_000.123)

    static func withStore<Result>(
        _ body: (_ store: PostgresStore, _ client: PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            return try await body(PostgresStore(engine: engine, logger: logger), engine.client)
        }
    }

    /// `count` queued customer messages with no order, ids 1 up.
    static func insertQueuedMessages(_ count: Int, _ client: PostgresClient) async throws {
        try await client.perform(
            """
            INSERT INTO outbox (kind, recipient, subject, body, state, created_at)
            SELECT 'order_confirmation', 'ada@example.com', 'Subject ' || n, 'Body', 'queued', \(now)
            FROM generate_series(1, \(count)) AS n ORDER BY n
            """,
            logger: logger)
    }

    static func outboxRow(_ id: Int64, _ client: PostgresClient) async throws -> (state: String, claimedBy: String?)? {
        let rows = try await client.query("SELECT state, claimed_by FROM outbox WHERE id = \(id)", logger: logger)
        for try await row in rows.decode((String, String?).self) { return row }
        return nil
    }
}
