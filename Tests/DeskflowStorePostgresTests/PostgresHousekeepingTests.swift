import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// Housekeeping's deletes of keys, on PostgreSQL (sessions are in the store contract's `Sessions` suite).
@Suite("PostgreSQL housekeeping", .postgresServer)
struct PostgresHousekeepingTests {
    static let now = PostgresStoreFixture.now

    @Test("form keys and the storefront's keys are forgotten once past their retention, not before")
    func deleteExpiredKeys() async throws {
        try await PostgresStoreFixture.withStore { store in
            let client = store.engine.client
            let old = Self.now.addingTimeInterval(-IdempotencyClaim.retention - 1)
            let young = Self.now.addingTimeInterval(-IdempotencyClaim.retention + 1)
            try await client.perform(
                """
                INSERT INTO idempotency_keys (key, staff_id, request_fingerprint, flash, created_at)
                VALUES ('old', 1, 'f', NULL, \(old)), ('young', 1, 'f', NULL, \(young))
                """,
                logger: PostgresTestServer.logger)
            let token = try await store.createAPIToken(name: "Shop", role: .manager, tokenHash: "aa", now: Self.now)
            try await client.perform(
                """
                INSERT INTO api_requests (token_id, key, request_fingerprint, response_status, response_body, created_at)
                VALUES (\(token.id), 'old', 'f', 201, '\\x7b7d', \(old)), (\(token.id), 'young', 'f', 201, '\\x7b7d', \(young))
                """,
                logger: PostgresTestServer.logger)

            try await store.deleteExpiredIdempotencyKeys(now: Self.now)
            try await store.deleteExpiredAPIRequests(now: Self.now)

            #expect(try await client.values("SELECT key FROM idempotency_keys", as: String.self) == ["young"])
            #expect(try await client.values("SELECT key FROM api_requests", as: String.self) == ["young"])
        }
    }
}
