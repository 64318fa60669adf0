import DeskflowDomain
import Foundation
import GRDB

/// A form submission's idempotency key, with a fingerprint of what was submitted under it.
public struct IdempotencyClaim: Hashable, Sendable {
    public var key: String
    public var staffID: Int64
    public var fingerprint: String

    public init(key: String, staffID: Int64, fingerprint: String) {
        self.key = key
        self.staffID = staffID
        self.fingerprint = fingerprint
    }

    /// The claim for `action` sent with `values`, the one way every action fingerprints what it was sent.
    public init(key: String, staffID: Int64, action: String, values: [String]) {
        self.init(key: key, staffID: staffID, fingerprint: Self.fingerprint(action: action, values: values))
    }

    /// The action and its values, each with backslashes and `|` escaped, joined by `|`: two different submissions never
    /// share a fingerprint, whatever their values hold.
    public static func fingerprint(action: String, values: [String]) -> String {
        ([action] + values).map { value in
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
        }.joined(separator: "|")
    }
}

/// What the first request under a key was told, replayed to any repeat.
public struct StoredResult: Hashable, Sendable {
    public var flash: String?

    public init(flash: String?) {
        self.flash = flash
    }
}

/// The key was used before for a different submission.
public struct IdempotencyKeyReused: Error, Equatable {}

/// The order changed since the form was rendered; `current` is the order as it is now.
public struct StaleVersion: Error, Equatable {
    public let current: Order
}

public enum OrderWriteError: Error, Equatable {
    case orderNotFound
}

extension AppDatabase {
    /// Keys are kept at least this long.
    public static let idempotencyRetention: TimeInterval = 48 * 60 * 60

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
                arguments: [now.addingTimeInterval(-Self.idempotencyRetention)])
        }
    }
}
