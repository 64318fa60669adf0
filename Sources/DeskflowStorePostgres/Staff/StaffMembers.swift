import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// The advisory lock every roster decision takes first, so that decisions over the roster run one after another.
    static let staffRosterLock = "deskflow-staff-roster"

    /// Every member, by name as SQLite's `COLLATE NOCASE` sorts it (ASCII letters folded, then bytes), then by id.
    public func staffMembers() async throws -> [StaffMember] {
        try await client.queryWhileOpen(PostgresStore.staffMembersQuery, logger: logger).staffUserRows().map(\.member)
    }

    static var staffMembersQuery: PostgresQuery {
        """
        SELECT \(unescaped: staffUserColumns) FROM staff_users
        ORDER BY lower(name COLLATE "C") COLLATE "C", id
        """
    }

    /// Adds a member once per idempotency key; refuses an email already taken with `StoreError.conflict`.
    public func addStaffMember(
        _ member: NewStaffMember, passwordHash: String, idempotency: IdempotencyClaim, now: Date
    ) async throws -> StaffAddition {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: idempotency.key, logger: logger)
            if let stored = try await connection.replay(idempotency, logger: logger) { return .replayed(stored) }
            let user = try await connection.insertStaffUser(
                email: member.email, name: member.name, role: member.role, passwordHash: passwordHash, now: now,
                logger: logger)
            try await connection.storeResult(idempotency, flash: member.alreadyAddedSummary, now: now, logger: logger)
            return .added(user)
        }
    }

    /// Changes one member's role or state as `decide` rules over the whole roster, read in the same transaction after
    /// the roster's advisory lock: two managers demoting each other at once are decided one after the other, the
    /// second over the roster the first left, never both against a stale roster. Disabling deletes the member's
    /// sessions in that transaction.
    public func changeStaffMember(
        now: Date, decide: @Sendable ([StaffStanding]) throws -> StaffDecision
    ) async throws -> StaffDecision {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: Self.staffRosterLock, logger: logger)
            let roster = try await connection.queryWhileOpen(Self.staffMembersQuery, logger: logger).staffUserRows()
            let decision = try decide(roster.map(\.member.standing))
            guard decision.changes else { return decision }
            let disabledAt: StoredMoment? = decision.member.state == .disabled ? now.stored : nil
            try await connection.perform(
                """
                UPDATE staff_users SET role = \(decision.member.role.rawValue),
                    disabled_at = CASE WHEN \(disabledAt != nil) THEN COALESCE(disabled_at, \(disabledAt)) END
                WHERE id = \(decision.member.id)
                """,
                logger: logger)
            if decision.endsSessions {
                try await connection.perform(
                    "DELETE FROM sessions WHERE staff_id = \(decision.member.id)", logger: logger)
            }
            return decision
        }
    }
}
