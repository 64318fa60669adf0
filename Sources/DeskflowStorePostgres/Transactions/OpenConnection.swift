import DeskflowStore
import Logging
import PostgresNIO

// postgres-nio 1.33.2 hands a statement to its connection's channel without asking to hear whether the write
// failed (`channel.write(…, promise: nil)` in `PostgresConnection.query`). A statement written to a connection the
// server has just closed is therefore never answered, and the request waits for ever: the fault script's drill that
// restarts PostgreSQL under load left one write hanging in each run. A closed connection is refused before each
// statement instead, as the lost connection it is (the busy page, 503 with Retry-After). A close landing between the
// check and the write is still missed, and so are statements sent through the pool's own `query`: restarting
// PostgreSQL under four writers still left one request hanging in three runs of five (two or three in every run
// before).

extension PostgresConnection {
    /// `query`, refusing a connection already closed rather than writing to it.
    public func queryWhileOpen(
        _ statement: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        try refuseIfClosed()
        return try await query(statement, logger: logger, file: file, line: line)
    }

    /// Throws the busy fault when the server or the pool closed this connection.
    func refuseIfClosed() throws {
        if isClosed { throw DatabaseFault.busy }
    }
}
