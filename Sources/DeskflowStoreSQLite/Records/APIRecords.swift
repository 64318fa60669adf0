import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct APITokenRecord: DefinedRecord {
    var id: Int64?
    var name: String
    var role: StaffRole
    /// Hex SHA-256 of the token: the token itself is shown once and never stored.
    var tokenHash: String
    var createdAt: Date
    var revokedAt: Date?

    static let table = TableDefinition<APITokenRecord>("api_tokens", [
        .id(\.id),
        .init("name", \.name),
        .init("role", \.role),
        .init("token_hash", \.tokenHash),
        .init("created_at", \.createdAt),
        .init("revoked_at", \.revokedAt),
    ])
}

struct APIRequestRecord: DefinedRecord {
    var tokenId: Int64
    var key: String
    var requestFingerprint: String
    var responseStatus: Int
    var responseBody: Data
    var createdAt: Date

    static let table = TableDefinition<APIRequestRecord>("api_requests", [
        .init("token_id", \.tokenId, primaryKey: true),
        .init("key", \.key, primaryKey: true),
        .init("request_fingerprint", \.requestFingerprint),
        .init("response_status", \.responseStatus),
        .init("response_body", \.responseBody),
        .init("created_at", \.createdAt),
    ])
}
