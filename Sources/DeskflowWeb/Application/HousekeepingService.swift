import DeskflowOperations
import DeskflowStore
import Logging
import ServiceLifecycle

/// Every so often, removes what can no longer matter: expired sessions, sign-in attempts older than the
/// throttle needs, and idempotency keys past their retention. Each sweep runs through the store's job coordination,
/// so with several instances on one database only one sweeps at a time.
struct HousekeepingService: Service {
    /// The job's name in the store's job coordination.
    static let job = "housekeeping"

    let database: any DeskflowDatabase
    let clock: AppClock
    let logger: Logger
    var interval: Duration = .seconds(60 * 60)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await round()
                } catch {
                    logger.error("housekeeping failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One sweep, unless another runner is in one now.
    func round() async throws {
        if try await !database.jobs.runExclusively(Self.job, { try await sweep() }) {
            logger.debug("housekeeping skipped: another runner has it")
        }
    }

    func sweep() async throws {
        let now = clock.now
        try await database.deleteExpiredSessions(now: now, keepAttemptsSince: now.addingTimeInterval(-24 * 60 * 60))
        try await database.deleteExpiredIdempotencyKeys(now: now)
        try await database.deleteExpiredAPIRequests(now: now)
    }
}
