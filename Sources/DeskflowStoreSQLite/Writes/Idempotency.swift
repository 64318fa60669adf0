import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The stored result for a key, `nil` for a new key; throws when the key came with different values.
    static func replay(_ claim: IdempotencyClaim, _ db: Database) throws -> StoredResult? {
        guard let record = try IdempotencyRecord.fetchOne(db, key: claim.key) else { return nil }
        guard record.requestFingerprint == claim.fingerprint, record.staffId == claim.staffID else {
            throw IdempotencyKeyReused()
        }
        return StoredResult(flash: record.flash)
    }

    static func storeResult(_ claim: IdempotencyClaim, flash: String?, now: Date, _ db: Database) throws {
        try IdempotencyRecord(
            key: claim.key, staffId: claim.staffID, requestFingerprint: claim.fingerprint, flash: flash, createdAt: now
        ).insert(db)
    }

    /// Claims a key for a request that is not one order's action (a bulk request, whose orders each go under a key
    /// of their own): `nil` when the key is new and now taken, the stored result when the same request was sent under
    /// it before. Throws `IdempotencyKeyReused` when the key came with other values.
    public func claimIdempotencyKey(_ claim: IdempotencyClaim, now: Date) async throws -> StoredResult? {
        try await pool.write { db in
            if let stored = try Self.replay(claim, db) { return stored }
            try Self.storeResult(claim, flash: nil, now: now, db)
            return nil
        }
    }

    /// Replaces the flash remembered for a key once the outcome of the outside calls is known.
    public func updateStoredFlash(key: String, flash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE idempotency_keys SET flash = ? WHERE key = ?", arguments: [flash, key])
        }
    }

    /// The result remembered for a key, if any.
    public func storedResult(key: String) async throws -> StoredResult? {
        try await pool.read { db in
            try IdempotencyRecord.fetchOne(db, key: key).map { StoredResult(flash: $0.flash) }
        }
    }

    public func deleteExpiredIdempotencyKeys(now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE created_at < ?",
                arguments: [now.addingTimeInterval(-IdempotencyClaim.retention)])
        }
    }
}
