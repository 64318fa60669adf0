import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// SQLite's `Staff users` and `Failed sign-in counts` expectations, on PostgreSQL.
@Suite("PostgreSQL staff users", .postgresServer)
struct PostgresStaffTests {
    static let now = PostgresStoreFixture.now

    @Test(
        "a staff member is found by email whatever its case",
        arguments: ["ana@example.com", "ANA@EXAMPLE.COM", "Ana@Example.com"]
    )
    func foundByEmail(typed: String) async throws {
        try await PostgresStoreFixture.withStore { store in
            let added = try await store.addStaffUser(
                email: "Ana@example.com", name: "Ana Lima", role: .manager, passwordHash: "$2b$10$hash", now: Self.now)

            let credentials = try #require(try await store.staffCredentials(email: typed))

            #expect(credentials.user == added)
            #expect(credentials.user.email == "Ana@example.com")
            #expect(credentials.user.name == "Ana Lima")
            #expect(credentials.user.role == .manager)
            #expect(credentials.passwordHash == "$2b$10$hash")
            #expect(try await store.staffUser(id: added.id) == added)
        }
    }

    @Test("an email nobody has finds no one")
    func unknownEmail() async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .viewer, passwordHash: "h", now: Self.now)

            #expect(try await store.staffCredentials(email: "bob@example.com") == nil)
            #expect(try await store.staffCredentials(email: "ana@example.co") == nil)
            #expect(try await store.staffCredentials(email: "%") == nil)
        }
    }

    @Test(
        "an email already taken, in any case, is refused",
        arguments: ["ana@example.com", "ANA@example.com", "ana@EXAMPLE.COM"]
    )
    func duplicateEmail(second: String) async throws {
        try await PostgresStoreFixture.withStore { store in
            _ = try await store.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h1", now: Self.now)

            let error = await #expect(throws: StoreError.self) {
                try await store.addStaffUser(
                    email: second, name: "Other", role: .viewer, passwordHash: "h2", now: Self.now)
            }

            #expect(error == .conflict("A staff member with the email \(second) already exists."))
            #expect(try await store.staffUserCount() == 1)
            #expect(try await store.staffCredentials(email: "ana@example.com")?.passwordHash == "h1")
        }
    }

    @Test("each staff member gets their own id and role")
    func severalUsers() async throws {
        try await PostgresStoreFixture.withStore { store in
            let ana = try await store.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: Self.now)
            let bob = try await store.addStaffUser(
                email: "bob@example.com", name: "Bob", role: .viewer, passwordHash: "h", now: Self.now)

            #expect(ana.id != bob.id)
            #expect(try await store.staffUserCount() == 2)
            #expect(try await store.staffUser(id: bob.id)?.role == .viewer)
            #expect(try await store.staffUser(id: 999) == nil)
        }
    }

    static let windowStart = now.addingTimeInterval(-180)

    /// Attempts on the record: email, address, whether it succeeded, seconds before now.
    static let attempts: [(String, String, Bool, TimeInterval)] = [
        ("ana@example.com", "10.0.0.1", false, 10),
        ("ANA@example.com", "10.0.0.2", false, 100),
        ("ana@example.com", "10.0.0.1", false, 179),
        ("ana@example.com", "10.0.0.1", false, 181),
        ("ana@example.com", "10.0.0.1", false, 3_600),
        ("ana@example.com", "10.0.0.1", true, 5),
        ("bob@example.com", "10.0.0.1", false, 60),
        ("bob@example.com", "10.0.0.3", false, 20),
    ]

    @Test(
        "only failures inside the window count, per account and per address",
        arguments: [
            ("ana@example.com", "10.0.0.1", 3, 3),
            ("Ana@Example.com", "10.0.0.1", 3, 3),
            ("ana@example.com", "10.0.0.2", 3, 1),
            ("ana@example.com", "10.0.0.9", 3, 0),
            ("bob@example.com", "10.0.0.1", 2, 3),
            ("bob@example.com", "10.0.0.3", 2, 1),
            ("carol@example.com", "10.0.0.1", 0, 3),
            ("carol@example.com", "10.0.0.4", 0, 0),
        ]
    )
    func failedSignIns(email: String, address: String, forAccount: Int, fromAddress: Int) async throws {
        try await PostgresStoreFixture.withStore { store in
            for (attemptEmail, attemptAddress, succeeded, secondsAgo) in Self.attempts {
                try await store.recordSignInAttempt(
                    email: attemptEmail, address: attemptAddress, succeeded: succeeded,
                    at: Self.now.addingTimeInterval(-secondsAgo))
            }

            let failures = try await store.failedSignIns(email: email, address: address, since: Self.windowStart)

            #expect(failures.forAccount == forAccount)
            #expect(failures.fromAddress == fromAddress)
        }
    }

    @Test("API tokens are kept under their hash, listed oldest first, and revoked once")
    func apiTokens() async throws {
        try await PostgresStoreFixture.withStore { store in
            let first = try await store.createAPIToken(name: "Shop", role: .manager, tokenHash: "aa", now: Self.now)
            let second = try await store.createAPIToken(
                name: "Reports", role: .viewer, tokenHash: "bb", now: Self.now.addingTimeInterval(0.0004))

            #expect(first.createdAt == Self.now)
            #expect(second.createdAt == Self.now, "kept to the millisecond, as SQLite keeps it")
            #expect(try await store.activeAPIToken(hash: "aa") == first)
            #expect(try await store.revokeAPIToken(id: first.id, now: Self.now.addingTimeInterval(60)))
            #expect(try await store.revokeAPIToken(id: first.id, now: Self.now.addingTimeInterval(120)) == false)
            #expect(try await store.revokeAPIToken(id: 999, now: Self.now) == false)
            #expect(try await store.activeAPIToken(hash: "aa") == nil)
            #expect(try await store.activeAPIToken(hash: "zz") == nil)
            let tokens = try await store.apiTokens()
            #expect(tokens.map(\.name) == ["Shop", "Reports"])
            #expect(tokens.map(\.revokedAt) == [Self.now.addingTimeInterval(60), nil])
            #expect(tokens[1].role == .viewer)
        }
    }
}
