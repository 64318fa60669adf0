import DeskflowOperations
import DeskflowStore
import Logging
import ServiceLifecycle

/// Every so often, removes what can no longer matter: expired sessions, sign-in attempts older than the
/// throttle needs, and idempotency keys past their retention.
struct HousekeepingService: Service {
    let database: any DeskflowDatabase
    let clock: AppClock
    let logger: Logger
    var interval: Duration = .seconds(60 * 60)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await sweep()
                } catch {
                    logger.error("housekeeping failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func sweep() async throws {
        let now = clock.now
        try await database.deleteExpiredSessions(now: now, keepAttemptsSince: now.addingTimeInterval(-24 * 60 * 60))
        try await database.deleteExpiredIdempotencyKeys(now: now)
        try await database.deleteExpiredAPIRequests(now: now)
    }
}
