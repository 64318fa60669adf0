import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Adding staff accounts")
    struct AddingStaff {
        static let goodPassword = "correct horse"

        @Test(
            "refuses what it cannot accept, saying why",
            arguments: [
                ("", "Ana", goodPassword, StaffAccountError.invalidEmail),
                ("   ", "Ana", goodPassword, .invalidEmail),
                ("ana", "Ana", goodPassword, .invalidEmail),
                ("ana@", "Ana", goodPassword, .invalidEmail),
                ("@example.com", "Ana", goodPassword, .invalidEmail),
                ("ana@example", "Ana", goodPassword, .invalidEmail),
                ("ana@.example.com", "Ana", goodPassword, .invalidEmail),
                ("ana@example.com.", "Ana", goodPassword, .invalidEmail),
                ("ana@@example.com", "Ana", goodPassword, .invalidEmail),
                ("ana@bob@example.com", "Ana", goodPassword, .invalidEmail),
                ("ana lima@example.com", "Ana", goodPassword, .invalidEmail),
                ("ana@example.com\n", "Ana", goodPassword, .invalidEmail),
                ("ana@example.com", "", goodPassword, .missingName),
                ("ana@example.com", "   ", goodPassword, .missingName),
                ("ana@example.com", "Ana", "", .password(.tooShort)),
                ("ana@example.com", "Ana", "1234567", .password(.tooShort)),
                ("ana@example.com", "Ana", String(repeating: "a", count: 73), .password(.tooLong)),
            ]
        )
        func refusals(email: String, name: String, password: String, expected: StaffAccountError) async throws {
            let database = try TestDatabase.temporary()
            let accounts = OperationsFixtures.accounts(database)

            await #expect(throws: expected) {
                try await accounts.addUser(email: email, name: name, role: .manager, password: password)
            }
            #expect(try await database.staffUserCount() == 0)
        }

        @Test(
            "accepts passwords from 8 characters to 72 bytes",
            arguments: [
                "12345678", String(repeating: "b", count: 64), String(repeating: "c", count: 72),
                "pässwörd", "🔑🔑🔑🔑🔑🔑🔑🔑",
            ]
        )
        func acceptedPasswords(password: String) async throws {
            // given
            let database = try TestDatabase.temporary()

            // when
            let user = try await OperationsFixtures.accounts(database)
                .addUser(email: "ana@example.com", name: "Ana Lima", role: .viewer, password: password)

            // then
            #expect(user.email == "ana@example.com")
            #expect(user.name == "Ana Lima")
            #expect(user.role == .viewer)
            let stored = try #require(try await database.staffCredentials(email: "ana@example.com"))
            #expect(stored.user == user)
            #expect(await OperationsFixtures.hasher.verify(password, against: stored.passwordHash))
        }

        @Test("stores a bcrypt hash of the password, never the password")
        func storesHash() async throws {
            let database = try TestDatabase.temporary()
            let password = "s3cret-passphrase"
            _ = try await OperationsFixtures.accounts(database)
                .addUser(email: "ana@example.com", name: "Ana", role: .manager, password: password)

            let hash = try #require(try await database.staffCredentials(email: "ana@example.com")).passwordHash
            #expect(hash.hasPrefix("$2"))
            #expect(hash.count == 60)
            #expect(hash.contains("$10$"), "the hasher's cost is used")
            #expect(!hash.contains(password))
            #expect(await OperationsFixtures.hasher.verify(password, against: hash))
            #expect(await !OperationsFixtures.hasher.verify(password + "!", against: hash))
        }

        @Test("the same password gets a different salt for each account")
        func salted() async throws {
            let database = try TestDatabase.temporary()
            let accounts = OperationsFixtures.accounts(database)
            for email in ["ana@example.com", "bob@example.com"] {
                _ = try await accounts.addUser(email: email, name: "Staff", role: .manager, password: "same password")
            }

            let ana = try #require(try await database.staffCredentials(email: "ana@example.com")).passwordHash
            let bob = try #require(try await database.staffCredentials(email: "bob@example.com")).passwordHash
            #expect(ana != bob)
        }

        @Test("trims spaces around the email and name")
        func trims() async throws {
            let database = try TestDatabase.temporary()
            let user = try await OperationsFixtures.accounts(database)
                .addUser(email: "  ana@example.com ", name: " Ana Lima  ", role: .manager, password: "12345678")

            #expect(user.email == "ana@example.com")
            #expect(user.name == "Ana Lima")
        }

        @Test("an email already taken, in any case, is refused", arguments: ["ana@example.com", "ANA@Example.com"])
        func emailTaken(second: String) async throws {
            // given
            let database = try TestDatabase.temporary()
            let accounts = OperationsFixtures.accounts(database)
            _ = try await accounts.addUser(
                email: "ana@example.com", name: "Ana", role: .manager, password: "first password")

            // when, then
            // (named as it is kept: lowered, as every staff email is)
            await #expect(throws: StaffAccountError.emailTaken("ana@example.com")) {
                try await accounts.addUser(email: second, name: "Impostor", role: .manager, password: "second password")
            }
            #expect(try await database.staffUserCount() == 1)
            let hash = try #require(try await database.staffCredentials(email: "ana@example.com")).passwordHash
            #expect(await OperationsFixtures.hasher.verify("first password", against: hash))
        }

        @Test("every character of the longest accepted password counts")
        func wholePasswordCounts() async throws {
            // given a 72-byte password, the longest the policy accepts
            let database = try TestDatabase.temporary()
            let password = String(repeating: "a", count: 71) + "b"
            _ = try await OperationsFixtures.accounts(database)
                .addUser(email: "ana@example.com", name: "Ana", role: .manager, password: password)
            let hash = try #require(try await database.staffCredentials(email: "ana@example.com")).passwordHash

            // then its first 71 characters are not the password
            #expect(await !OperationsFixtures.hasher.verify(String(password.prefix(71)), against: hash))
            #expect(await OperationsFixtures.hasher.verify(password, against: hash))
        }

        @Test("a password bcrypt would shorten is refused", arguments: [
            String(repeating: "\u{0}", count: 8), "pass\u{0}word", String(repeating: "a", count: 100),
        ])
        func shortenedPasswords(password: String) async throws {
            let database = try TestDatabase.temporary()
            await #expect(throws: StaffAccountError.self) {
                _ = try await OperationsFixtures.accounts(database)
                    .addUser(email: "ana@example.com", name: "Ana", role: .manager, password: password)
            }
            #expect(try await database.staffUserCount() == 0)
        }
    }
}
