import DeskflowStore
import Foundation
import GRDB

/// Server-side session storage: sessions live in SQLite, so they survive a restart and sign-out really ends them.
extension SQLiteStore {
    public func sessionData(id: String, now: Date) async throws -> StoredSession? {
        try await pool.read { db in
            guard let record = try SessionRecord.fetchOne(db, cachedKey: id) else { return nil }
            if let expiresAt = record.expiresAt, expiresAt <= now { return nil }
            let staff = try record.staffId.flatMap { try StaffUserRecord.fetchOne(db, cachedKey: $0) }
            return StoredSession(
                data: record.data, expiresAt: record.expiresAt, staff: staff.flatMap { $0.disabledAt == nil ? $0.user : nil })
        }
    }

    /// Saves a session; `staffID` names its signed-in member, so that disabling them can end it.
    public func saveSession(id: String, data: Data, expiresAt: Date?, staffID: Int64? = nil) async throws {
        try await pool.write { db in
            try SessionRecord(id: id, data: data, expiresAt: expiresAt, staffId: staffID).save(db)
        }
    }

    /// Creates a session only if the id is not taken; returns whether it was created.
    public func createSession(id: String, data: Data, expiresAt: Date?, staffID: Int64? = nil) async throws -> Bool {
        try await pool.write { db in
            guard try SessionRecord.fetchOne(db, cachedKey: id) == nil else { return false }
            try SessionRecord(id: id, data: data, expiresAt: expiresAt, staffId: staffID).insert(db)
            return true
        }
    }

    /// How many live sessions a member has.
    public func sessionCount(staffID: Int64, now: Date) async throws -> Int {
        try await pool.read { db in
            try SessionRecord.filter(sql: "staff_id = ? AND (expires_at IS NULL OR expires_at > ?)", arguments: [staffID, now])
                .fetchCount(db)
        }
    }

    public func deleteSession(id: String) async throws {
        _ = try await pool.write { db in try SessionRecord.deleteOne(db, key: id) }
    }

    /// Removes sessions and sign-in attempts that can no longer matter.
    public func deleteExpiredSessions(now: Date, keepAttemptsSince: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM sign_in_attempts WHERE created_at < ?", arguments: [keepAttemptsSince])
        }
    }
}
