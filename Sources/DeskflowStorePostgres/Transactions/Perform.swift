import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not wanted, and returns once the server has finished it: an error
    /// met while producing rows (a deadlock while waiting for a lock, a statement timeout) is thrown here, not left for
    /// the transaction's next statement to meet as "current transaction is aborted".
    public func perform(_ statement: PostgresQuery, logger: Logger) async throws {
        _ = try await queryWhileOpen(statement, logger: logger)
    }
}

extension PostgresClient {
    /// `PostgresConnection.perform` on a connection of the pool.
    public func perform(_ statement: PostgresQuery, logger: Logger) async throws {
        _ = try await queryWhileOpen(statement, logger: logger)
    }
}
