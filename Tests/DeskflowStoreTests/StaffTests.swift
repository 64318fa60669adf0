import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

extension DeskflowStoreTests {
    @Suite("Staff users")
    struct StaffUsers {
        static let now = StoreFixtures.now

        @Test(
            "a staff member is found by email whatever its case",
            arguments: StoreEngine.available, ["ana@example.com", "ANA@EXAMPLE.COM", "Ana@Example.com"]
        )
        func foundByEmail(engine: StoreEngine, typed: String) async throws {
            try await engine.withStore { database in
                // given
                let added = try await database.addStaffUser(
                    email: "Ana@example.com", name: "Ana Lima", role: .manager, passwordHash: "$2b$10$hash", now: Self.now)

                // when
                let credentials = try #require(try await database.staffCredentials(email: typed))

                // then
                #expect(credentials.user == added)
                #expect(credentials.user.email == "Ana@example.com")
                #expect(credentials.user.name == "Ana Lima")
                #expect(credentials.user.role == .manager)
                #expect(credentials.passwordHash == "$2b$10$hash")
                #expect(try await database.staffUser(id: added.id) == added)
            }
        }

        @Test("an email nobody has finds no one", arguments: StoreEngine.available)
        func unknownEmail(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                _ = try await database.addStaffUser(
                    email: "ana@example.com", name: "Ana", role: .viewer, passwordHash: "h", now: Self.now)

                #expect(try await database.staffCredentials(email: "bob@example.com") == nil)
                #expect(try await database.staffCredentials(email: "ana@example.co") == nil)
                #expect(try await database.staffCredentials(email: "%") == nil)
            }
        }

        @Test(
            "an email already taken, in any case, is refused",
            arguments: StoreEngine.available, ["ana@example.com", "ANA@example.com", "ana@EXAMPLE.COM"]
        )
        func duplicateEmail(engine: StoreEngine, second: String) async throws {
            try await engine.withStore { database in
                // given
                _ = try await database.addStaffUser(
                    email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h1", now: Self.now)

                // when
                let error = await #expect(throws: StoreError.self) {
                    try await database.addStaffUser(
                        email: second, name: "Other", role: .viewer, passwordHash: "h2", now: Self.now)
                }

                // then
                #expect(error == .conflict("A staff member with the email \(second) already exists."))
                #expect(try await database.staffUserCount() == 1)
                #expect(try await database.staffCredentials(email: "ana@example.com")?.passwordHash == "h1")
            }
        }

        @Test("each staff member gets their own id and role", arguments: StoreEngine.available)
        func severalUsers(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                let ana = try await database.addStaffUser(
                    email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: Self.now)
                let bob = try await database.addStaffUser(
                    email: "bob@example.com", name: "Bob", role: .viewer, passwordHash: "h", now: Self.now)

                #expect(ana.id != bob.id)
                #expect(try await database.staffUserCount() == 2)
                #expect(try await database.staffUser(id: bob.id)?.role == .viewer)
                #expect(try await database.staffUser(id: 999) == nil)
            }
        }

        @Test("API tokens are kept under their hash, listed oldest first, and revoked once", arguments: StoreEngine.available)
        func apiTokens(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                let first = try await database.createAPIToken(name: "Shop", role: .manager, tokenHash: "aa", now: Self.now)
                let second = try await database.createAPIToken(
                    name: "Reports", role: .viewer, tokenHash: "bb", now: Self.now.addingTimeInterval(0.0004))

                #expect(first.createdAt == Self.now)
                #expect(second.createdAt == Self.now, "kept to the millisecond on both engines")
                #expect(try await database.activeAPIToken(hash: "aa") == first)
                #expect(try await database.revokeAPIToken(id: first.id, now: Self.now.addingTimeInterval(60)))
                #expect(try await database.revokeAPIToken(id: first.id, now: Self.now.addingTimeInterval(120)) == false)
                #expect(try await database.revokeAPIToken(id: 999, now: Self.now) == false)
                #expect(try await database.activeAPIToken(hash: "aa") == nil)
                #expect(try await database.activeAPIToken(hash: "zz") == nil)
                let tokens = try await database.apiTokens()
                #expect(tokens.map(\.name) == ["Shop", "Reports"])
                #expect(tokens.map(\.revokedAt) == [Self.now.addingTimeInterval(60), nil])
                #expect(tokens[1].role == .viewer)
            }
        }
    }

    @Suite("Failed sign-in counts")
    struct FailedSignIns {
        static let now = StoreFixtures.now
        static let windowStart = now.addingTimeInterval(-180)

        /// Attempts on the record: email, address, whether it succeeded, seconds before now.
        static let attempts: [(String, String, Bool, TimeInterval)] = [
            ("ana@example.com", "10.0.0.1", false, 10),   // ana, address 1
            ("ANA@example.com", "10.0.0.2", false, 100),  // ana in another case, address 2
            ("ana@example.com", "10.0.0.1", false, 179),  // just inside the window
            ("ana@example.com", "10.0.0.1", false, 181),  // just outside the window
            ("ana@example.com", "10.0.0.1", false, 3_600),  // long ago
            ("ana@example.com", "10.0.0.1", true, 5),     // a success is no failure
            ("bob@example.com", "10.0.0.1", false, 60),   // someone else from address 1
            ("bob@example.com", "10.0.0.3", false, 20),   // someone else elsewhere
        ]

        /// Email, address, failures for the account, failures from the address.
        static let expectations: [(String, String, Int, Int)] = [
            ("ana@example.com", "10.0.0.1", 3, 3),
            ("Ana@Example.com", "10.0.0.1", 3, 3),
            ("ana@example.com", "10.0.0.2", 3, 1),
            ("ana@example.com", "10.0.0.9", 3, 0),
            ("bob@example.com", "10.0.0.1", 2, 3),
            ("bob@example.com", "10.0.0.3", 2, 1),
            ("carol@example.com", "10.0.0.1", 0, 3),
            ("carol@example.com", "10.0.0.4", 0, 0),
        ]

        @Test("only failures inside the window count, per account and per address", arguments: StoreEngine.available)
        func counts(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                // given
                for (attemptEmail, attemptAddress, succeeded, secondsAgo) in Self.attempts {
                    try await database.recordSignInAttempt(
                        email: attemptEmail, address: attemptAddress, succeeded: succeeded,
                        at: Self.now.addingTimeInterval(-secondsAgo))
                }

                for (email, address, forAccount, fromAddress) in Self.expectations {
                    // when
                    let failures = try await database.failedSignIns(email: email, address: address, since: Self.windowStart)

                    // then
                    #expect(failures.forAccount == forAccount, "\(email) from \(address)")
                    #expect(failures.fromAddress == fromAddress, "\(email) from \(address)")
                }
            }
        }
    }
}
