import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Asks the server a question: throws when it cannot answer. The health check's question; like SQLite's (which
    /// reads the journal mode), it reads no table, so it answers on a database not yet migrated too.
    public func ensureReadable() async throws {
        _ = try await count("SELECT 1::bigint")
    }

    /// A PostgreSQL store is not copied by Deskflow: a copy taken from inside one instance could not be consistent
    /// with what the others write, and the server's own tools do it properly.
    public func backup(to destinationPath: String) async throws(StoreError) {
        throw StoreError.backupFailed(
            path: destinationPath,
            reason: "a PostgreSQL store is backed up with PostgreSQL's own tools: pg_dump for a copy, "
                + "continuous archiving for point-in-time recovery")
    }

    /// Whether the database holds no store yet (no products and no orders).
    public func isStoreEmpty() async throws -> Bool {
        try await count(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM products LIMIT 1) p) + (SELECT count(*) FROM (SELECT 1 FROM orders LIMIT 1) o)"
        ) == 0
    }

    /// The same database, with every order write queueing its storefront events for `endpoint`.
    public func sendingWebhooks(to endpoint: String) -> any DeskflowDatabase { withWebhooks(to: endpoint) }
}
