import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// The stored result for a key, `nil` for a new key; throws when the key came with different values. Called after
    /// `lockForTransaction(key:)`, so a second request with the same key waits for the first and then sees its row.
    static func replay(_ claim: IdempotencyClaim, on connection: PostgresConnection, logger: Logger) async throws -> StoredResult? {
        let rows = try await connection.query(
            "SELECT staff_id, request_fingerprint, flash FROM idempotency_keys WHERE key = \(claim.key)", logger: logger)
        for try await (staffID, fingerprint, flash) in rows.decode((Int64, String, String?).self) {
            guard fingerprint == claim.fingerprint, staffID == claim.staffID else { throw IdempotencyKeyReused() }
            return StoredResult(flash: flash)
        }
        return nil
    }

    static func storeResult(
        _ claim: IdempotencyClaim, flash: String?, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.perform(
            """
            INSERT INTO idempotency_keys (key, staff_id, request_fingerprint, flash, created_at)
            VALUES (\(claim.key), \(claim.staffID), \(claim.fingerprint), \(flash), \(now.stored))
            """,
            logger: logger)
    }

    /// Claims a key for a request that is not one order's action: `nil` when the key is new and now taken, the stored
    /// result when the same request was sent under it before. Throws `IdempotencyKeyReused` when the key came with
    /// other values.
    public func claimIdempotencyKey(_ claim: IdempotencyClaim, now: Date) async throws -> StoredResult? {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: claim.key, logger: logger)
            if let stored = try await Self.replay(claim, on: connection, logger: logger) { return stored }
            try await Self.storeResult(claim, flash: nil, now: now, on: connection, logger: logger)
            return nil
        }
    }

    /// Replaces the flash remembered for a key once the outcome of the outside calls is known.
    public func updateStoredFlash(key: String, flash: String) async throws {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.perform(
                "UPDATE idempotency_keys SET flash = \(flash) WHERE key = \(key)", logger: logger)
        }
    }
}
