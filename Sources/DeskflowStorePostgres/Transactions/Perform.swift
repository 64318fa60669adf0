import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not wanted, and returns once the server has finished it.
    ///
    /// postgres-nio's `query` returns as soon as the server describes the rows to come; an error met while producing
    /// them (a deadlock while waiting for a lock, a statement timeout) arrives with the rows, and is lost if the rows
    /// are never read. The next statement of the transaction would then fail with "current transaction is aborted".
    public func perform(_ statement: PostgresQuery, logger: Logger) async throws {
        let rows = try await queryWhileOpen(statement, logger: logger)
        for try await _ in rows {}
    }
}

extension PostgresClient {
    /// `PostgresConnection.perform` on a connection of the pool.
    public func perform(_ statement: PostgresQuery, logger: Logger) async throws {
        let rows = try await query(statement, logger: logger)
        for try await _ in rows {}
    }
}
