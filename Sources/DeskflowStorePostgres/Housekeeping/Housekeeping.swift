import DeskflowStore
import Foundation
import PostgresNIO

/// What housekeeping deletes once it can no longer matter; each delete is one statement, so its own transaction.
extension PostgresStore {
    /// Forgets form keys older than `IdempotencyClaim.retention`.
    public func deleteExpiredIdempotencyKeys(now: Date) async throws {
        let oldest = now.addingTimeInterval(-IdempotencyClaim.retention).stored
        try await client.perform("DELETE FROM idempotency_keys WHERE created_at < \(oldest)", logger: logger)
    }

    /// Forgets the storefront's API keys older than `IdempotencyClaim.retention`, as form keys are.
    public func deleteExpiredAPIRequests(now: Date) async throws {
        let oldest = now.addingTimeInterval(-IdempotencyClaim.retention).stored
        try await client.perform("DELETE FROM api_requests WHERE created_at < \(oldest)", logger: logger)
    }

    /// Removes expired sessions, and sign-in attempts from before `keepAttemptsSince`, in one transaction.
    public func deleteExpiredSessions(now: Date, keepAttemptsSince: Date) async throws {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.perform(
                "DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= \(now.stored)", logger: logger)
            try await connection.perform(
                "DELETE FROM sign_in_attempts WHERE created_at < \(keepAttemptsSince.stored)", logger: logger)
        }
    }
}
