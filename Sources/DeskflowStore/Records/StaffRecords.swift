import Foundation
import GRDB

struct StaffUserRecord: SnakeCaseRecord {
    static let databaseTableName = "staff_users"

    var id: Int64?
    var email: String
    var name: String
    var role: String
    var passwordHash: String
    var createdAt: Date
}

struct SessionRecord: SnakeCaseRecord {
    static let databaseTableName = "sessions"

    var id: String
    var data: Data
    var expiresAt: Date?
}

struct SignInAttemptRecord: SnakeCaseRecord {
    static let databaseTableName = "sign_in_attempts"

    var id: Int64?
    var email: String
    var address: String
    var succeeded: Bool
    var createdAt: Date
}

struct IdempotencyRecord: SnakeCaseRecord {
    static let databaseTableName = "idempotency_keys"

    var key: String
    var staffId: Int64
    var requestFingerprint: String
    var flash: String?
    var createdAt: Date
}
