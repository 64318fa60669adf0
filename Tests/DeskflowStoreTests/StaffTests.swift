import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Staff users")
    struct StaffUsers {
        @Test(
            "a staff member is found by email whatever its case",
            arguments: ["ana@example.com", "ANA@EXAMPLE.COM", "Ana@Example.com"]
        )
        func foundByEmail(typed: String) async throws {
            // given
            let database = try SQLiteStore.temporary()
            let added = try await database.addStaffUser(
                email: "Ana@example.com", name: "Ana Lima", role: .manager, passwordHash: "$2b$10$hash",
                now: StoreFixtures.now)

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

        @Test("an email nobody has finds no one")
        func unknownEmail() async throws {
            let database = try SQLiteStore.temporary()
            _ = try await database.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .viewer, passwordHash: "h", now: StoreFixtures.now)

            #expect(try await database.staffCredentials(email: "bob@example.com") == nil)
            #expect(try await database.staffCredentials(email: "ana@example.co") == nil)
            #expect(try await database.staffCredentials(email: "%") == nil)
        }

        @Test(
            "an email already taken, in any case, is refused",
            arguments: ["ana@example.com", "ANA@example.com", "ana@EXAMPLE.COM"]
        )
        func duplicateEmail(second: String) async throws {
            // given
            let database = try SQLiteStore.temporary()
            _ = try await database.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h1", now: StoreFixtures.now)

            // when
            let error = await #expect(throws: StoreError.self) {
                try await database.addStaffUser(
                    email: second, name: "Other", role: .viewer, passwordHash: "h2", now: StoreFixtures.now)
            }

            // then
            guard case .conflict = error else {
                Issue.record("expected .conflict, got \(String(describing: error))")
                return
            }
            #expect(try await database.staffUserCount() == 1)
            #expect(try await database.staffCredentials(email: "ana@example.com")?.passwordHash == "h1")
        }

        @Test("each staff member gets their own id and role")
        func severalUsers() async throws {
            let database = try SQLiteStore.temporary()
            let ana = try await database.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: StoreFixtures.now)
            let bob = try await database.addStaffUser(
                email: "bob@example.com", name: "Bob", role: .viewer, passwordHash: "h", now: StoreFixtures.now)

            #expect(ana.id != bob.id)
            #expect(try await database.staffUserCount() == 2)
            #expect(try await database.staffUser(id: bob.id)?.role == .viewer)
            #expect(try await database.staffUser(id: 999) == nil)
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
        func counts(email: String, address: String, forAccount: Int, fromAddress: Int) async throws {
            // given
            let database = try SQLiteStore.temporary()
            for (attemptEmail, attemptAddress, succeeded, secondsAgo) in Self.attempts {
                try await database.recordSignInAttempt(
                    email: attemptEmail, address: attemptAddress, succeeded: succeeded,
                    at: Self.now.addingTimeInterval(-secondsAgo))
            }

            // when
            let failures = try await database.failedSignIns(email: email, address: address, since: Self.windowStart)

            // then
            #expect(failures.forAccount == forAccount)
            #expect(failures.fromAddress == fromAddress)
        }
    }
}
