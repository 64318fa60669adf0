import DeskflowStore
import Logging
import PostgresNIO

/// Runs a background job (payment recovery, housekeeping) on one instance at a time among all the instances sharing
/// the database. The lock is a session advisory lock held by one leased connection for the whole run, and released
/// on that same connection; if the instance dies, the server ends the session and the lock goes with it.
///
/// Session locks need the connection to be the server's own: behind PgBouncer in transaction pooling the lock and
/// its release could land on different server sessions.
public struct PostgresJobLock: JobCoordination {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func runExclusively(_ job: String, _ body: @Sendable () async throws -> Void) async throws -> Bool {
        try await runExclusively(job: job, body)
    }

    /// Runs `job` when no other instance is running the job with the same name, and returns `true`; returns `false`
    /// at once, without running it, when one is.
    public func runExclusively(job name: String, _ job: () async throws -> Void) async throws -> Bool {
        let key = "deskflow-job:\(name)"
        return try await client.withConnection { connection in
            let rows = try await connection.queryWhileOpen(
                "SELECT pg_try_advisory_lock(hashtextextended(\(key), 0))", logger: logger
            )
            var acquired = false
            for try await locked in rows.decode(Bool.self) {
                acquired = locked
            }
            guard acquired else { return false }
            let outcome: Result<Void, any Error>
            do {
                try await job()
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await release(key, on: connection)
            try outcome.get()
            return true
        }
    }

    /// Unlocks on the connection that locked. A connection that cannot unlock is closed rather than handed back to
    /// the pool still holding the lock, which would keep every instance from running the job again.
    private func release(_ key: String, on connection: PostgresConnection) async {
        do {
            try await connection.perform("SELECT pg_advisory_unlock(hashtextextended(\(key), 0))", logger: logger)
        } catch {
            logger.warning("could not release a job's lock; closing its connection", metadata: ["job": "\(key)"])
            try? await connection.close()
        }
    }
}
