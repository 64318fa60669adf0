import Foundation
import GRDB

/// Server-side session storage: sessions live in SQLite, so they survive a restart and sign-out really ends them.
extension AppDatabase {
    public func sessionData(id: String, now: Date) async throws -> (data: Data, expiresAt: Date?)? {
        try await pool.read { db in
            guard let record = try SessionRecord.fetchOne(db, key: id) else { return nil }
            if let expiresAt = record.expiresAt, expiresAt <= now { return nil }
            return (record.data, record.expiresAt)
        }
    }

    public func saveSession(id: String, data: Data, expiresAt: Date?) async throws {
        try await pool.write { db in
            try SessionRecord(id: id, data: data, expiresAt: expiresAt).save(db)
        }
    }

    /// Creates a session only if the id is not taken; returns whether it was created.
    public func createSession(id: String, data: Data, expiresAt: Date?) async throws -> Bool {
        try await pool.write { db in
            guard try SessionRecord.fetchOne(db, key: id) == nil else { return false }
            try SessionRecord(id: id, data: data, expiresAt: expiresAt).insert(db)
            return true
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
