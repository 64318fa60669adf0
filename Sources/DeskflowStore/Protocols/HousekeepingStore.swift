import Foundation

/// What housekeeping deletes once it can no longer matter.
public protocol HousekeepingStore: Sendable {
    /// Forgets form keys older than `IdempotencyClaim.retention`.
    func deleteExpiredIdempotencyKeys(now: Date) async throws

    /// Forgets the storefront's API keys older than `IdempotencyClaim.retention`, as form keys are.
    func deleteExpiredAPIRequests(now: Date) async throws

    /// Removes expired sessions, and sign-in attempts from before `keepAttemptsSince`.
    func deleteExpiredSessions(now: Date, keepAttemptsSince: Date) async throws
}
