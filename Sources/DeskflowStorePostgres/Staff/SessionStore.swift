import DeskflowStore
import Foundation
import PostgresNIO

/// Server-side session storage: sessions live in the database, so every instance sees them and sign-out really ends
/// them.
extension PostgresStore {
    public func sessionData(id: String, now: Date) async throws -> StoredSession? {
        let rows = try await client.queryWhileOpen(
            """
            SELECT s.data, s.expires_at, u.id, u.email, u.name, u.role
            FROM sessions s LEFT JOIN staff_users u ON u.id = s.staff_id AND u.disabled_at IS NULL
            WHERE s.id = \(id)
            """,
            logger: logger)
        for try await (data, expiresAt, staffID, email, name, role) in rows.decode(
            (Data, Date?, Int64?, String?, String?, String?).self)
        {
            if let expiresAt, expiresAt <= now { return nil }
            guard let staffID, let email, let name, let role else {
                return StoredSession(data: data, expiresAt: expiresAt, staff: nil)
            }
            let staff = StaffUser(
                id: staffID, email: email, name: name, role: try staffRole(role, table: "staff_users", id: staffID))
            return StoredSession(data: data, expiresAt: expiresAt, staff: staff)
        }
        return nil
    }

    /// Saves a session; `staffID` names its signed-in member, so that disabling them can end it.
    public func saveSession(id: String, data: Data, expiresAt: Date?, staffID: Int64?) async throws {
        try await client.perform(
            """
            INSERT INTO sessions (id, data, expires_at, staff_id)
            VALUES (\(id), \(data), \(expiresAt?.stored), \(staffID))
            ON CONFLICT (id) DO UPDATE
            SET data = excluded.data, expires_at = excluded.expires_at, staff_id = excluded.staff_id
            """,
            logger: logger)
    }

    /// Creates a session only if the id is not taken; returns whether it was created.
    public func createSession(id: String, data: Data, expiresAt: Date?, staffID: Int64?) async throws -> Bool {
        let rows = try await client.queryWhileOpen(
            """
            INSERT INTO sessions (id, data, expires_at, staff_id)
            VALUES (\(id), \(data), \(expiresAt?.stored), \(staffID))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            logger: logger)
        var created = false
        for try await _ in rows { created = true }
        return created
    }

    /// How many live sessions a member has.
    public func sessionCount(staffID: Int64, now: Date) async throws -> Int {
        try await count(
            """
            SELECT count(*) FROM sessions
            WHERE staff_id = \(staffID) AND (expires_at IS NULL OR expires_at > \(now.stored))
            """)
    }

    public func deleteSession(id: String) async throws {
        try await client.perform("DELETE FROM sessions WHERE id = \(id)", logger: logger)
    }
}
