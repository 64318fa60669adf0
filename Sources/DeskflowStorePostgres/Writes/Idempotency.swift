import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Claims a key for a request that is not one order's action: `nil` when the key is new and now taken, the stored
    /// result when the same request was sent under it before. Throws `IdempotencyKeyReused` when the key came with
    /// other values.
    public func claimIdempotencyKey(_ claim: IdempotencyClaim, now: Date) async throws -> StoredResult? {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: claim.key, logger: logger)
            if let stored = try await connection.replay(claim, logger: logger) { return stored }
            try await connection.storeResult(claim, flash: nil, now: now, logger: logger)
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
