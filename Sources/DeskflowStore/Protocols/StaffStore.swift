import DeskflowDomain
import Foundation

/// Staff members, their sign-in attempts and sessions, and the storefront's API tokens.
public protocol StaffStore: Sendable {
    /// Adds a staff member; refuses an email already taken with `StoreError.conflict`.
    func addStaffUser(
        email: String, name: String, role: StaffRole, passwordHash: String, now: Date
    ) async throws -> StaffUser

    func staffCredentials(email: String) async throws -> StaffCredentials?

    /// The member a session belongs to, while they may sign in: `nil` once they are disabled.
    func staffUser(id: Int64) async throws -> StaffUser?

    func staffUserCount() async throws -> Int

    /// Every member, by name.
    func staffMembers() async throws -> [StaffMember]

    /// Adds a member once per idempotency key; refuses an email already taken with `StoreError.conflict`.
    func addStaffMember(
        _ member: NewStaffMember, passwordHash: String, idempotency: IdempotencyClaim, now: Date
    ) async throws -> StaffAddition

    /// Changes one member's role or state as `decide` (pure; it may run more than once) rules over the whole roster,
    /// read in the same transaction. Disabling deletes the member's sessions in that transaction.
    func changeStaffMember(
        now: Date, decide: @Sendable ([StaffStanding]) throws -> StaffDecision
    ) async throws -> StaffDecision

    /// Records a successful sign-in: the attempt, and the member's last sign-in.
    func recordSignIn(staffID: Int64, email: String, address: String, at now: Date) async throws

    /// Records one sign-in attempt, for throttling and the audit trail.
    func recordSignInAttempt(email: String, address: String, succeeded: Bool, at now: Date) async throws

    /// Failed sign-ins since a moment, for one account and from one address.
    func failedSignIns(email: String, address: String, since: Date) async throws -> (forAccount: Int, fromAddress: Int)

    /// A live session with its signed-in member, read together (one statement on PostgreSQL: every signed-in page
    /// reads its session); `nil` when there is none or it expired.
    func sessionData(id: String, now: Date) async throws -> StoredSession?

    /// Saves a session; `staffID` names its signed-in member, so that disabling them can end it.
    func saveSession(id: String, data: Data, expiresAt: Date?, staffID: Int64?) async throws

    /// Creates a session only if the id is not taken; returns whether it was created.
    func createSession(id: String, data: Data, expiresAt: Date?, staffID: Int64?) async throws -> Bool

    /// How many live sessions a member has.
    func sessionCount(staffID: Int64, now: Date) async throws -> Int

    func deleteSession(id: String) async throws

    /// Keeps a new token under its hash.
    func createAPIToken(name: String, role: StaffRole, tokenHash: String, now: Date) async throws -> APIToken

    /// Every token, revoked ones included, oldest first.
    func apiTokens() async throws -> [APIToken]

    /// The live token with this hash, or `nil` when there is none or it was revoked.
    func activeAPIToken(hash: String) async throws -> APIToken?

    /// Revokes a token at once. `false` when there is no such live token.
    func revokeAPIToken(id: Int64, now: Date) async throws -> Bool
}

extension StaffStore {
    /// Saves a session that no member is signed in to.
    public func saveSession(id: String, data: Data, expiresAt: Date?) async throws {
        try await saveSession(id: id, data: data, expiresAt: expiresAt, staffID: nil)
    }

    /// Creates a session that no member is signed in to, only if the id is not taken.
    public func createSession(id: String, data: Data, expiresAt: Date?) async throws -> Bool {
        try await createSession(id: id, data: data, expiresAt: expiresAt, staffID: nil)
    }
}
