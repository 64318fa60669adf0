import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Keeps a new token under its hash. Two tokens never share a hash: 128 random bits make that impossible.
    public func createAPIToken(name: String, role: StaffRole, tokenHash: String, now: Date) async throws -> APIToken {
        let rows = try await client.queryWhileOpen(
            """
            INSERT INTO api_tokens (name, role, token_hash, created_at)
            VALUES (\(name), \(role.rawValue), \(tokenHash), \(now.stored))
            RETURNING \(unescaped: apiTokenColumns)
            """,
            logger: logger)
        guard let token = try await rows.apiTokens().first else { throw MissingReturnedRow(table: "api_tokens") }
        return token
    }

    /// Every token, revoked ones included, oldest first.
    public func apiTokens() async throws -> [APIToken] {
        try await client.queryWhileOpen("SELECT \(unescaped: apiTokenColumns) FROM api_tokens ORDER BY id", logger: logger)
            .apiTokens()
    }

    /// The live token with this hash, or `nil` when there is none or it was revoked.
    public func activeAPIToken(hash: String) async throws -> APIToken? {
        try await client.queryWhileOpen(
            """
            SELECT \(unescaped: apiTokenColumns) FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL
            """,
            logger: logger
        ).apiTokens().first
    }

    /// Revokes a token at once: its next request is refused. `false` when there is no such live token.
    public func revokeAPIToken(id: Int64, now: Date) async throws -> Bool {
        let rows = try await client.queryWhileOpen(
            "UPDATE api_tokens SET revoked_at = \(now.stored) WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: logger)
        var revoked = false
        for try await _ in rows { revoked = true }
        return revoked
    }
}

/// The columns of `api_tokens` the store reads, in this order.
private let apiTokenColumns = "id, name, role, created_at, revoked_at"

extension FetchedRows {
    fileprivate func apiTokens() async throws -> [APIToken] {
        var tokens: [APIToken] = []
        for try await (id, name, role, createdAt, revokedAt) in decode((Int64, String, String, Date, Date?).self) {
            tokens.append(
                APIToken(
                    id: id, name: name, role: try staffRole(role, table: "api_tokens", id: id), createdAt: createdAt,
                    revokedAt: revokedAt))
        }
        return tokens
    }
}
