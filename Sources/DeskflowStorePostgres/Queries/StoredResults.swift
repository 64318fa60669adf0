import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// The result remembered for a key, if any.
    public func storedResult(key: String) async throws -> StoredResult? {
        try await client.queryWhileOpen("SELECT flash FROM idempotency_keys WHERE key = \(key)", logger: logger)
            .readAll { StoredResult(flash: try $0.value("flash", as: String?.self)) }.first
    }

    /// What a storefront's POST under `key` was answered, with the digest of what it sent, or `nil` for a new key.
    public func storedAPIResponse(tokenID: Int64, key: String) async throws -> (fingerprint: String, status: Int, body: Data)? {
        try await client.queryWhileOpen("""
            SELECT request_fingerprint, response_status, response_body FROM api_requests
            WHERE token_id = \(tokenID) AND key = \(key)
            """, logger: logger
        ).readAll { row in
            (
                fingerprint: try row.value("request_fingerprint", as: String.self),
                status: try row.int("response_status"),
                body: try row.value("response_body", as: Data.self)
            )
        }.first
    }
}
