import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import GRDB
import PostgresNIO

extension StoreAdministration {
    /// The integer `sql` answers (its first row's first column, 0 for no row), read straight from the database on
    /// either engine: for what no page shows, such as how many refunds an order has. `sql` is written so both engines
    /// take it, with the test's own integers in it (no `?` or `$1`), and a sum cast to BIGINT (PostgreSQL's is numeric).
    func count(_ sql: String) async throws -> Int {
        if let postgres = self as? PostgresStore {
            return try await postgres.engine.client.values(PostgresQuery(unsafeSQL: sql), as: Int.self).first ?? 0
        }
        return try await pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
