import DeskflowStore
import Logging
import NIOCore
import PostgresNIO

// postgres-nio 1.33.2 hands a statement to its connection's channel without asking to hear whether the write
// failed (`channel.write(…, promise: nil)` in `PostgresConnection.query` and `PostgresClient.query`). A statement
// written to a connection the server has just closed is therefore never answered, and the request waits for ever:
// restarting PostgreSQL under four writers left two or three requests hanging in every run.
//
// Every statement is therefore sent from the connection's own event loop, after checking there that the channel is
// still open. NIO closes a channel on that loop too, so nothing can close it between the check and the write: a
// closed connection is refused as the lost connection it is (the busy page, 503 with Retry-After), and an open one
// takes the statement into its handler, which fails it if the server goes away before answering.

extension PostgresConnection {
    /// Runs `statement` and reads all of its rows, refusing a connection already closed rather than writing to it.
    public func queryWhileOpen(
        _ statement: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> FetchedRows {
        let result = try await eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            if self.isClosed { return self.eventLoop.makeFailedFuture(DatabaseFault.busy) }
            return self.query(statement, logger: logger, file: file, line: line)
        }.get()
        return FetchedRows(rows: result.rows)
    }
}

extension PostgresClient {
    /// One statement on a connection of the pool, sent as `PostgresConnection.queryWhileOpen` sends it.
    public func queryWhileOpen(
        _ statement: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> FetchedRows {
        try await withConnection { connection in
            try await connection.queryWhileOpen(statement, logger: logger, file: file, line: line)
        }
    }
}

/// The rows of one statement, all read. An `AsyncSequence` of `PostgresRow`, so postgres-nio's `decode` reads them
/// as it reads a streamed result.
public struct FetchedRows: AsyncSequence, Sendable {
    public typealias Element = PostgresRow

    public let rows: [PostgresRow]

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: rows.makeIterator()) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: IndexingIterator<[PostgresRow]>

        public mutating func next() async throws -> PostgresRow? { remaining.next() }
    }
}
