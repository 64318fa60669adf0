import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// SQLite's `Sessions` expectations, and housekeeping's deletes, on PostgreSQL.
@Suite("PostgreSQL sessions and housekeeping", .postgresServer)
struct PostgresSessionTests {
    static let now = PostgresStoreFixture.now
    static let inAnHour = now.addingTimeInterval(3_600)

    @Test("a session is created once; a taken id is refused and keeps its data")
    func createOnce() async throws {
        try await PostgresStoreFixture.withStore { store in
            #expect(try await store.createSession(id: "s1", data: Data("first".utf8), expiresAt: Self.inAnHour, staffID: nil))

            let createdAgain = try await store.createSession(id: "s1", data: Data("second".utf8), expiresAt: nil, staffID: nil)

            #expect(createdAgain == false)
            let stored = try #require(try await store.sessionData(id: "s1", now: Self.now))
            #expect(stored.data == Data("first".utf8))
            #expect(stored.expiresAt == Self.inAnHour)
        }
    }

    @Test(
        "a session is there until it expires",
        arguments: [(-60.0, true), (-0.5, true), (0.0, false), (1.0, false), (86_400.0, false)]
    )
    func expiry(secondsFromExpiry: TimeInterval, found: Bool) async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.createSession(id: "s1", data: Data("x".utf8), expiresAt: Self.inAnHour, staffID: nil)

            let stored = try await store.sessionData(id: "s1", now: Self.inAnHour.addingTimeInterval(secondsFromExpiry))
            #expect((stored != nil) == found)
        }
    }

    @Test("a session without an expiry date never expires")
    func noExpiry() async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.createSession(id: "s1", data: Data("x".utf8), expiresAt: nil, staffID: nil)

            let tenYearsLater = Self.now.addingTimeInterval(10 * 365 * 86_400)
            let stored = try #require(try await store.sessionData(id: "s1", now: tenYearsLater))
            #expect(stored.expiresAt == nil)
        }
    }

    @Test("saving replaces a session's data, expiry and member")
    func save() async throws {
        try await PostgresStoreFixture.withStore { store in
            try await store.saveSession(id: "s1", data: Data("a".utf8), expiresAt: Self.inAnHour, staffID: nil)
            try await store.saveSession(
                id: "s1", data: Data("b".utf8), expiresAt: Self.inAnHour.addingTimeInterval(60), staffID: 7)

            let stored = try #require(try await store.sessionData(id: "s1", now: Self.now))
            #expect(stored.data == Data("b".utf8))
            #expect(stored.expiresAt == Self.inAnHour.addingTimeInterval(60))
            #expect(try await store.sessionCount(staffID: 7, now: Self.now) == 1)
            #expect(try await store.sessionCount(staffID: 7, now: Self.inAnHour.addingTimeInterval(60)) == 0)
        }
    }

    @Test("a deleted session is gone, and others stay")
    func delete() async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.createSession(id: "s1", data: Data("1".utf8), expiresAt: Self.inAnHour, staffID: nil)
            _ = try await store.createSession(id: "s2", data: Data("2".utf8), expiresAt: Self.inAnHour, staffID: nil)

            try await store.deleteSession(id: "s1")
            try await store.deleteSession(id: "never-existed")

            #expect(try await store.sessionData(id: "s1", now: Self.now) == nil)
            #expect(try await store.sessionData(id: "s2", now: Self.now)?.data == Data("2".utf8))
            #expect(try await store.createSession(id: "s1", data: Data("3".utf8), expiresAt: nil, staffID: nil))
        }
    }

    @Test("clearing up removes expired sessions and old sign-in attempts only")
    func deleteExpired() async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.createSession(id: "expired", data: Data(), expiresAt: Self.now.addingTimeInterval(-1), staffID: nil)
            _ = try await store.createSession(id: "expires-now", data: Data(), expiresAt: Self.now, staffID: nil)
            _ = try await store.createSession(id: "live", data: Data(), expiresAt: Self.inAnHour, staffID: nil)
            _ = try await store.createSession(id: "forever", data: Data(), expiresAt: nil, staffID: nil)
            let keepSince = Self.now.addingTimeInterval(-180)
            for secondsAgo in [10.0, 179, 181, 3_600] {
                try await store.recordSignInAttempt(
                    email: "ana@example.com", address: "10.0.0.1", succeeded: false,
                    at: Self.now.addingTimeInterval(-secondsAgo))
            }

            try await store.deleteExpiredSessions(now: Self.now, keepAttemptsSince: keepSince)

            let ids = try await store.engine.client.values("SELECT id FROM sessions ORDER BY id", as: String.self)
            #expect(ids == ["forever", "live"])
            let failures = try await store.failedSignIns(
                email: "ana@example.com", address: "10.0.0.1", since: .distantPast)
            #expect(failures.forAccount == 2)
        }
    }

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
