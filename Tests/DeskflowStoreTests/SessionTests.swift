import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Sessions")
    struct Sessions {
        static let now = StoreFixtures.now
        static let inAnHour = now.addingTimeInterval(3_600)

        @Test("a session is created once; a taken id is refused and keeps its data")
        func createOnce() async throws {
            // given
            let database = try SQLiteStore.temporary()
            #expect(try await database.createSession(id: "s1", data: Data("first".utf8), expiresAt: Self.inAnHour))

            // when
            let createdAgain = try await database.createSession(id: "s1", data: Data("second".utf8), expiresAt: nil)

            // then
            #expect(createdAgain == false)
            let stored = try #require(try await database.sessionData(id: "s1", now: Self.now))
            #expect(stored.data == Data("first".utf8))
            #expect(stored.expiresAt == Self.inAnHour)
        }

        @Test(
            "a session is there until it expires",
            arguments: [
                (-60.0, true), (-0.5, true), (0.0, false), (1.0, false), (86_400.0, false),
            ]
        )
        func expiry(secondsFromExpiry: TimeInterval, found: Bool) async throws {
            let database = try SQLiteStore.temporary()
            _ = try await database.createSession(id: "s1", data: Data("x".utf8), expiresAt: Self.inAnHour)

            let stored = try await database.sessionData(id: "s1", now: Self.inAnHour.addingTimeInterval(secondsFromExpiry))
            #expect((stored != nil) == found)
        }

        @Test("a session without an expiry date never expires")
        func noExpiry() async throws {
            let database = try SQLiteStore.temporary()
            _ = try await database.createSession(id: "s1", data: Data("x".utf8), expiresAt: nil)

            let tenYearsLater = Self.now.addingTimeInterval(10 * 365 * 86_400)
            let stored = try #require(try await database.sessionData(id: "s1", now: tenYearsLater))
            #expect(stored.expiresAt == nil)
        }

        @Test("saving replaces a session's data and expiry")
        func save() async throws {
            let database = try SQLiteStore.temporary()
            try await database.saveSession(id: "s1", data: Data("a".utf8), expiresAt: Self.inAnHour)
            try await database.saveSession(id: "s1", data: Data("b".utf8), expiresAt: Self.inAnHour.addingTimeInterval(60))

            let stored = try #require(try await database.sessionData(id: "s1", now: Self.now))
            #expect(stored.data == Data("b".utf8))
            #expect(stored.expiresAt == Self.inAnHour.addingTimeInterval(60))
        }

        @Test("a deleted session is gone, and others stay")
        func delete() async throws {
            let database = try SQLiteStore.temporary()
            _ = try await database.createSession(id: "s1", data: Data("1".utf8), expiresAt: Self.inAnHour)
            _ = try await database.createSession(id: "s2", data: Data("2".utf8), expiresAt: Self.inAnHour)

            try await database.deleteSession(id: "s1")
            try await database.deleteSession(id: "never-existed")

            #expect(try await database.sessionData(id: "s1", now: Self.now) == nil)
            #expect(try await database.sessionData(id: "s2", now: Self.now)?.data == Data("2".utf8))
            // and the id can be used again
            #expect(try await database.createSession(id: "s1", data: Data("3".utf8), expiresAt: nil))
        }

        @Test("clearing up removes expired sessions and old sign-in attempts only")
        func deleteExpired() async throws {
            // given
            let database = try SQLiteStore.temporary()
            _ = try await database.createSession(id: "expired", data: Data(), expiresAt: Self.now.addingTimeInterval(-1))
            _ = try await database.createSession(id: "expires-now", data: Data(), expiresAt: Self.now)
            _ = try await database.createSession(id: "live", data: Data(), expiresAt: Self.inAnHour)
            _ = try await database.createSession(id: "forever", data: Data(), expiresAt: nil)
            let keepSince = Self.now.addingTimeInterval(-180)
            for secondsAgo in [10.0, 179, 181, 3_600] {
                try await database.recordSignInAttempt(
                    email: "ana@example.com", address: "10.0.0.1", succeeded: false,
                    at: Self.now.addingTimeInterval(-secondsAgo))
            }

            // when
            try await database.deleteExpiredSessions(now: Self.now, keepAttemptsSince: keepSince)

            // then
            let ids = try await database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM sessions ORDER BY id")
            }
            #expect(ids == ["forever", "live"])
            await #expect(try database.count("SELECT COUNT(*) FROM sign_in_attempts") == 2)
            let failures = try await database.failedSignIns(
                email: "ana@example.com", address: "10.0.0.1", since: .distantPast)
            #expect(failures.forAccount == 2)
        }
    }
}
