import Logging
import PostgresNIO

extension PostgresClient {
    /// How many times a transaction is tried before a serialization failure or deadlock is let through.
    public static let transactionAttempts = 5

    /// Runs `body` in one READ COMMITTED transaction on one leased connection, and commits it. A transaction the
    /// server aborts to resolve a serialization failure (`40001`) or a deadlock (`40P01`) is run again from the
    /// start, up to `transactionAttempts` times, so `body` must decide only from what it reads inside the
    /// transaction (a pure `decide` closure, no call to the outside world).
    ///
    /// `BEGIN`, `COMMIT` and `ROLLBACK` are sent here rather than through postgres-nio's `withTransaction`, which
    /// wraps every error in `PostgresTransactionError`: the body's own errors (a stale version, a refusal) come out
    /// as themselves, and the server's as `PSQLError`.
    nonisolated(nonsending) public func withRetryingTransaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            var attempt = 1
            while true {
                do {
                    return try await connection.inTransaction("BEGIN ISOLATION LEVEL READ COMMITTED", logger: logger, body)
                } catch let error as PSQLError where error.isRetryableTransactionFailure
                    && attempt < Self.transactionAttempts
                {
                    logger.debug("transaction retried", metadata: ["sqlstate": "\(error.sqlState ?? "")"])
                    attempt += 1
                }
            }
        }
    }
}

extension PostgresClient {
    /// Runs `body`, a read of several statements, in one REPEATABLE READ READ ONLY transaction, so every statement
    /// sees the database as it was at the first: a page and its cursor check, an order and its refunds, the report's
    /// totals and its rows, as SQLite's single read transaction does. A read-only snapshot never fails to serialize,
    /// so it is not retried.
    nonisolated(nonsending) public func withSnapshot<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger, body)
        }
    }
}

extension PostgresConnection {
    /// One attempt: BEGIN, `body`, COMMIT; ROLLBACK when `body` or COMMIT throws. A connection that cannot even roll
    /// back is closed, so the pool never hands out a connection still inside a transaction.
    nonisolated(nonsending) fileprivate func inTransaction<Result>(
        _ begin: PostgresQuery, logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await perform(begin, logger: logger)
        do {
            let result = try await body(self)
            try await perform("COMMIT", logger: logger)
            return result
        } catch {
            do {
                try await perform("ROLLBACK", logger: logger)
            } catch {
                try? await close()
            }
            throw error
        }
    }

    /// Takes the transaction-long advisory lock named by `key` (an idempotency key, an order number), waiting for
    /// another transaction holding it to end. Every caller locking the same key runs one after the other; the lock
    /// goes with the transaction's end, whatever way it ends.
    public func lockForTransaction(key: String, logger: Logger) async throws {
        try await perform("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
    }
}

extension PSQLError {
    /// The server's SQLSTATE, when the server answered.
    public var sqlState: String? {
        serverInfo?[.sqlState]
    }

    /// A transaction the server aborted only because of other transactions: running it again can succeed.
    var isRetryableTransactionFailure: Bool {
        code == .server && ["40001", "40P01"].contains(sqlState)
    }
}
