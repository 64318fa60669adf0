import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

extension DeskflowStoreTests {
    @Suite("Sessions")
    struct Sessions {
        static let now = StoreFixtures.now
        static let inAnHour = now.addingTimeInterval(3_600)

        @Test("a session is created once; a taken id is refused and keeps its data", arguments: StoreEngine.available)
        func createOnce(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                // given
                #expect(try await database.createSession(id: "s1", data: Data("first".utf8), expiresAt: Self.inAnHour))

                // when
                let createdAgain = try await database.createSession(id: "s1", data: Data("second".utf8), expiresAt: nil)

                // then
                #expect(createdAgain == false)
                let stored = try #require(try await database.sessionData(id: "s1", now: Self.now))
                #expect(stored.data == Data("first".utf8))
                #expect(stored.expiresAt == Self.inAnHour)
            }
        }

        /// Seconds from the session's expiry to the moment it is read, and whether it is found then.
        static let expiries: [(TimeInterval, Bool)] = [(-60, true), (-0.5, true), (0, false), (1, false), (86_400, false)]

        @Test("a session is there until it expires", arguments: StoreEngine.available)
        func expiry(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                _ = try await database.createSession(id: "s1", data: Data("x".utf8), expiresAt: Self.inAnHour)

                for (secondsFromExpiry, found) in Self.expiries {
                    let stored = try await database.sessionData(
                        id: "s1", now: Self.inAnHour.addingTimeInterval(secondsFromExpiry))
                    #expect((stored != nil) == found, "\(secondsFromExpiry) s from its expiry")
                }
            }
        }

        @Test("a session without an expiry date never expires", arguments: StoreEngine.available)
        func noExpiry(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                _ = try await database.createSession(id: "s1", data: Data("x".utf8), expiresAt: nil)

                let tenYearsLater = Self.now.addingTimeInterval(10 * 365 * 86_400)
                let stored = try #require(try await database.sessionData(id: "s1", now: tenYearsLater))
                #expect(stored.expiresAt == nil)
            }
        }

        @Test("a session is read with its signed-in member while they may sign in", arguments: StoreEngine.available)
        func signedInMember(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                let ana = try await database.addStaffUser(
                    email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: Self.now)
                let bob = try await database.addStaffUser(
                    email: "bob@example.com", name: "Bob", role: .manager, passwordHash: "h", now: Self.now)
                _ = try await database.createSession(id: "ana", data: Data("a".utf8), expiresAt: nil, staffID: ana.id)
                _ = try await database.createSession(id: "anonymous", data: Data("x".utf8), expiresAt: nil, staffID: nil)
                _ = try await database.createSession(id: "nobody", data: Data("n".utf8), expiresAt: nil, staffID: 999)

                #expect(try await database.sessionData(id: "ana", now: Self.now)?.staff == ana)
                #expect(try await database.sessionData(id: "anonymous", now: Self.now)?.staff == nil)
                #expect(try await database.sessionData(id: "nobody", now: Self.now)?.staff == nil)

                // Ana disabled by Bob: her sessions end with it; one saved for her afterwards still names no one
                _ = try await database.changeStaffMember(now: Self.now) { roster in
                    try StaffRules.decide(.disable, memberID: ana.id, actorID: bob.id, roster: roster).get()
                }
                _ = try await database.createSession(id: "ana-later", data: Data("l".utf8), expiresAt: nil, staffID: ana.id)
                #expect(try await database.sessionData(id: "ana", now: Self.now) == nil)
                #expect(try await database.sessionData(id: "ana-later", now: Self.now)?.staff == nil)
                #expect(try await database.sessionData(id: "ana-later", now: Self.now)?.data == Data("l".utf8))
            }
        }

        @Test("saving replaces a session's data, expiry and member", arguments: StoreEngine.available)
        func save(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                try await database.saveSession(id: "s1", data: Data("a".utf8), expiresAt: Self.inAnHour, staffID: nil)
                try await database.saveSession(
                    id: "s1", data: Data("b".utf8), expiresAt: Self.inAnHour.addingTimeInterval(60), staffID: 7)

                let stored = try #require(try await database.sessionData(id: "s1", now: Self.now))
                #expect(stored.data == Data("b".utf8))
                #expect(stored.expiresAt == Self.inAnHour.addingTimeInterval(60))
                #expect(try await database.sessionCount(staffID: 7, now: Self.now) == 1)
                #expect(try await database.sessionCount(staffID: 7, now: Self.inAnHour.addingTimeInterval(60)) == 0)
            }
        }

        @Test("a deleted session is gone, and others stay", arguments: StoreEngine.available)
        func delete(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                _ = try await database.createSession(id: "s1", data: Data("1".utf8), expiresAt: Self.inAnHour)
                _ = try await database.createSession(id: "s2", data: Data("2".utf8), expiresAt: Self.inAnHour)

                try await database.deleteSession(id: "s1")
                try await database.deleteSession(id: "never-existed")

                #expect(try await database.sessionData(id: "s1", now: Self.now) == nil)
                #expect(try await database.sessionData(id: "s2", now: Self.now)?.data == Data("2".utf8))
                // and the id can be used again
                #expect(try await database.createSession(id: "s1", data: Data("3".utf8), expiresAt: nil))
            }
        }

        @Test("clearing up removes expired sessions and old sign-in attempts only", arguments: StoreEngine.available)
        func deleteExpired(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                // given
                let ids = ["expired": Self.now.addingTimeInterval(-1), "expires-now": Self.now, "live": Self.inAnHour]
                for (id, expiresAt) in ids {
                    _ = try await database.createSession(id: id, data: Data(), expiresAt: expiresAt)
                }
                _ = try await database.createSession(id: "forever", data: Data(), expiresAt: nil)
                let keepSince = Self.now.addingTimeInterval(-180)
                for secondsAgo in [10.0, 179, 181, 3_600] {
                    try await database.recordSignInAttempt(
                        email: "ana@example.com", address: "10.0.0.1", succeeded: false,
                        at: Self.now.addingTimeInterval(-secondsAgo))
                }

                // when
                try await database.deleteExpiredSessions(now: Self.now, keepAttemptsSince: keepSince)

                // then: read as of long ago, a session still stored would be found, expired or not
                var kept: [String] = []
                for id in ["expired", "expires-now", "live", "forever"]
                where try await database.sessionData(id: id, now: .distantPast) != nil {
                    kept.append(id)
                }
                #expect(kept == ["live", "forever"])
                let failures = try await database.failedSignIns(
                    email: "ana@example.com", address: "10.0.0.1", since: .distantPast)
                #expect(failures.forAccount == 2)
            }
        }
    }
}
