import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Every member, by name.
    public func staffMembers() async throws -> [StaffMember] {
        try await pool.read { db in try Self.staffMembers(db) }
    }

    static func staffMembers(_ db: Database) throws -> [StaffMember] {
        try StaffUserRecord.all().order(sql: "name COLLATE NOCASE, id").fetchAll(db).map(\.member)
    }

    /// Adds a member once per idempotency key; refuses an email already taken with `StoreError.conflict`.
    public func addStaffMember(
        _ member: NewStaffMember, passwordHash: String, idempotency: IdempotencyClaim, now: Date
    ) async throws -> StaffAddition {
        try await pool.write { db in
            if let stored = try Self.replay(idempotency, db) { return .replayed(stored) }
            let user = try Self.insertStaffUser(
                email: member.email, name: member.name, role: member.role, passwordHash: passwordHash, now: now, db)
            try Self.storeResult(idempotency, flash: member.alreadyAddedSummary, now: now, db)
            return .added(user)
        }
    }

    /// Changes one member's role or state as `decide` rules over the whole roster, read in the same transaction:
    /// two managers demoting each other at once are decided one after the other, never both against a stale roster.
    /// Disabling deletes the member's sessions in that transaction.
    public func changeStaffMember(
        now: Date, decide: @Sendable ([StaffStanding]) throws -> StaffDecision
    ) async throws -> StaffDecision {
        try await pool.write { db in
            let decision = try decide(try Self.staffMembers(db).map(\.standing))
            guard decision.changes else { return decision }
            let disabledAt: Date? = decision.member.state == .disabled ? now : nil
            try db.execute(
                sql: """
                    UPDATE staff_users SET role = ?, disabled_at = CASE WHEN ? THEN COALESCE(disabled_at, ?) END
                    WHERE id = ?
                    """,
                arguments: [decision.member.role.rawValue, disabledAt != nil, disabledAt, decision.member.id])
            if decision.endsSessions {
                try db.execute(sql: "DELETE FROM sessions WHERE staff_id = ?", arguments: [decision.member.id])
            }
            return decision
        }
    }
}

extension StaffUserRecord {
    var member: StaffMember {
        StaffMember(
            id: id ?? 0, email: email, name: name, role: role, state: disabledAt == nil ? .active : .disabled,
            createdAt: createdAt, lastSignedInAt: lastSignedInAt)
    }
}
