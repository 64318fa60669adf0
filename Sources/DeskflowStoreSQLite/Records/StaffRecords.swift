import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct StaffUserRecord: DefinedRecord {
    var id: Int64?
    var email: String
    var name: String
    var role: StaffRole
    var passwordHash: String
    var createdAt: Date
    var disabledAt: Date?
    var lastSignedInAt: Date?

    static let table = TableDefinition<StaffUserRecord>("staff_users", [
        .id(\.id),
        .init("email", \.email),
        .init("name", \.name),
        .init("role", \.role),
        .init("password_hash", \.passwordHash),
        .init("created_at", \.createdAt),
        .init("disabled_at", \.disabledAt),
        .init("last_signed_in_at", \.lastSignedInAt),
    ])
}

struct SessionRecord: DefinedRecord {
    var id: String
    var data: Data
    var expiresAt: Date?
    /// The signed-in member, `nil` before sign-in.
    var staffId: Int64?

    static let table = TableDefinition<SessionRecord>("sessions", [
        .init("id", \.id, primaryKey: true),
        .init("data", \.data),
        .init("expires_at", \.expiresAt),
        .init("staff_id", \.staffId),
    ])
}

struct SignInAttemptRecord: DefinedRecord {
    var id: Int64?
    var email: String
    var address: String
    var succeeded: Bool
    var createdAt: Date

    static let table = TableDefinition<SignInAttemptRecord>("sign_in_attempts", [
        .id(\.id),
        .init("email", \.email),
        .init("address", \.address),
        .init("succeeded", \.succeeded),
        .init("created_at", \.createdAt),
    ])
}

struct IdempotencyRecord: DefinedRecord {
    var key: String
    var staffId: Int64
    var requestFingerprint: String
    var flash: String?
    var createdAt: Date

    static let table = TableDefinition<IdempotencyRecord>("idempotency_keys", [
        .init("key", \.key, primaryKey: true),
        .init("staff_id", \.staffId),
        .init("request_fingerprint", \.requestFingerprint),
        .init("flash", \.flash),
        .init("created_at", \.createdAt),
    ])
}
