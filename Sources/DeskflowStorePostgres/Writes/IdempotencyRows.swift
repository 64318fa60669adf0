import DeskflowStore
import Foundation
import Logging
import PostgresNIO

/// The `idempotency_keys` rows of a write, read and written inside its transaction after the key's advisory lock.
extension PostgresConnection {
    /// The stored result for a key, `nil` for a new key; throws `IdempotencyKeyReused` when the key came with other
    /// values.
    func replay(_ claim: IdempotencyClaim, logger: Logger) async throws -> StoredResult? {
        let rows = try await queryWhileOpen(
            "SELECT staff_id, request_fingerprint, flash FROM idempotency_keys WHERE key = \(claim.key)", logger: logger)
        for try await (staffID, fingerprint, flash) in rows.decode((Int64, String, String?).self) {
            guard fingerprint == claim.fingerprint, staffID == claim.staffID else { throw IdempotencyKeyReused() }
            return StoredResult(flash: flash)
        }
        return nil
    }

    func storeResult(_ claim: IdempotencyClaim, flash: String?, now: Date, logger: Logger) async throws {
        try await perform(
            """
            INSERT INTO idempotency_keys (key, staff_id, request_fingerprint, flash, created_at)
            VALUES (\(claim.key), \(claim.staffID), \(claim.fingerprint), \(flash), \(now.stored))
            """,
            logger: logger)
    }
}
