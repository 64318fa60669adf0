import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Adds a staff member; refuses an email that is already taken.
    public func addStaffUser(email: String, name: String, role: StaffRole, passwordHash: String, now: Date) async throws -> StaffUser {
        try await pool.write { db in
            try Self.insertStaffUser(email: email, name: name, role: role, passwordHash: passwordHash, now: now, db)
        }
    }

    static func insertStaffUser(
        email: String, name: String, role: StaffRole, passwordHash: String, now: Date, _ db: Database
    ) throws -> StaffUser {
        if try StaffUserRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchCount(db) > 0 {
            throw StoreError.conflict("A staff member with the email \(email) already exists.")
        }
        var record = StaffUserRecord(
            id: nil, email: email, name: name, role: role, passwordHash: passwordHash, createdAt: now,
            disabledAt: nil, lastSignedInAt: nil)
        try record.insert(db)
        return record.user
    }

    public func staffCredentials(email: String) async throws -> StaffCredentials? {
        try await pool.read { db in
            try StaffUserRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchOne(db)
                .map { StaffCredentials(user: $0.user, passwordHash: $0.passwordHash, isDisabled: $0.disabledAt != nil) }
        }
    }

    /// The member a session belongs to, while they may sign in: `nil` once they are disabled.
    public func staffUser(id: Int64) async throws -> StaffUser? {
        try await pool.read { db in
            try StaffUserRecord.fetchOne(db, cachedKey: id).flatMap { $0.disabledAt == nil ? $0.user : nil }
        }
    }

    public func staffUserCount() async throws -> Int {
        try await pool.read { db in try StaffUserRecord.fetchCount(db) }
    }

    /// Records a successful sign-in: the attempt, and the moment the staff page shows as the member's last sign-in.
    public func recordSignIn(staffID: Int64, email: String, address: String, at now: Date) async throws {
        try await pool.write { db in
            var attempt = SignInAttemptRecord(id: nil, email: email, address: address, succeeded: true, createdAt: now)
            try attempt.insert(db)
            try db.execute(sql: "UPDATE staff_users SET last_signed_in_at = ? WHERE id = ?", arguments: [now, staffID])
        }
    }

    /// Records one sign-in attempt, for throttling and the audit trail.
    public func recordSignInAttempt(email: String, address: String, succeeded: Bool, at now: Date) async throws {
        try await pool.write { db in
            var attempt = SignInAttemptRecord(id: nil, email: email, address: address, succeeded: succeeded, createdAt: now)
            try attempt.insert(db)
        }
    }

    /// Failed sign-ins since a moment, for one account and from one address.
    public func failedSignIns(email: String, address: String, since: Date) async throws -> (forAccount: Int, fromAddress: Int) {
        try await pool.read { db in
            let forAccount = try SignInAttemptRecord
                .filter(sql: "email = ? COLLATE NOCASE AND succeeded = 0 AND created_at >= ?", arguments: [email, since])
                .fetchCount(db)
            let fromAddress = try SignInAttemptRecord
                .filter(sql: "address = ? AND succeeded = 0 AND created_at >= ?", arguments: [address, since])
                .fetchCount(db)
            return (forAccount, fromAddress)
        }
    }
}

extension StaffUserRecord {
    var user: StaffUser {
        StaffUser(id: id ?? 0, email: email, name: name, role: role)
    }
}
