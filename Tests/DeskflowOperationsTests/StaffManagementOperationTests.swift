import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Managing staff from the staff page")
    struct ManagingStaff {
        static let form = NewStaffMemberForm(email: " Nadia@Example.com", name: "Nadia Novak", role: "viewer")

        static func setUp() async throws -> (any DeskflowDatabase, StaffAccounts, manager: StaffUser) {
            let database = try TestDatabase.temporary()
            let accounts = OperationsFixtures.accounts(database)
            let manager = try await accounts.addUser(
                email: "ana@example.com", name: "Ana Lima", role: .manager, password: "correct horse battery")
            return (database, accounts, manager)
        }

        @Test("a new member gets a random password that meets the policy, stored only as its hash")
        func added() async throws {
            let (database, accounts, manager) = try await Self.setUp()

            let result = try await accounts.add(Self.form, key: "key-00001", by: manager)

            guard case .added(let user, let password, let summary) = result else { Issue.record("\(result)"); return }
            #expect(user.email == "nadia@example.com")
            #expect(user.role == .viewer)
            #expect(summary == "Nadia Novak (nadia@example.com) was added as a viewer.")
            #expect((try? PasswordPolicy.check(password).get()) != nil)
            let hash = try #require(try await database.staffCredentials(email: "nadia@example.com")).passwordHash
            #expect(!hash.contains(password))
            #expect(await OperationsFixtures.hasher.verify(password, against: hash))
        }

        @Test("the same form sent again adds no one and shows no password")
        func sentAgain() async throws {
            let (database, accounts, manager) = try await Self.setUp()
            _ = try await accounts.add(Self.form, key: "key-00001", by: manager)

            let again = try await accounts.add(Self.form, key: "key-00001", by: manager)

            #expect(again == .alreadyAdded(summary: NewStaffMember(
                email: "nadia@example.com", name: "Nadia Novak", role: .viewer).alreadyAddedSummary))
            #expect(try await database.staffUserCount() == 2)
        }

        @Test("a bad form, a taken email and a reused key each add no one")
        func refused() async throws {
            let (database, accounts, manager) = try await Self.setUp()
            _ = try await accounts.add(Self.form, key: "key-00001", by: manager)

            await #expect(throws: StaffAdditionFailure.invalid(FormErrors([
                FieldError(field: "email", message: "Enter an email address like name@example.com.")]))) {
                try await accounts.add(NewStaffMemberForm(email: "nadia", name: "N", role: "viewer"), key: "key-00002", by: manager)
            }
            await #expect(throws: StaffAdditionFailure.emailTaken(FormErrors([FieldError(
                field: "email", message: "ana@example.com already has an account. Each member needs their own email address.")]))) {
                try await accounts.add(NewStaffMemberForm(email: "ANA@example.com", name: "Ana Two", role: "manager"), key: "key-00003", by: manager)
            }
            await #expect(throws: StaffAdditionFailure.keyReused) {
                try await accounts.add(NewStaffMemberForm(email: "omar@example.com", name: "Omar", role: "viewer"), key: "key-00001", by: manager)
            }
            #expect(try await database.staffUserCount() == 2)
        }

        @Test("a disabled member is refused at sign-in, saying why, only once the password is right")
        func disabledSignIn() async throws {
            let (database, accounts, manager) = try await Self.setUp()
            let victor = try await accounts.addUser(
                email: "victor@example.com", name: "Victor", role: .viewer, password: "victor's password")
            let service = await OperationsFixtures.signInService(database)
            #expect(try await service.signIn(email: victor.email, password: "victor's password", address: "a") == .success(victor))

            _ = try await accounts.change(.disable, memberID: victor.id, by: manager)

            #expect(try await service.signIn(email: victor.email, password: "victor's password", address: "a") == .failure(.disabled))
            #expect(try await service.signIn(email: victor.email, password: "a guess at it", address: "a") == .failure(.invalidCredentials))

            _ = try await accounts.change(.enable, memberID: victor.id, by: manager)
            #expect(try await service.signIn(email: victor.email, password: "victor's password", address: "a") == .success(victor))
        }

        @Test("the rules are applied: a manager cannot disable themselves")
        func rules() async throws {
            let (_, accounts, manager) = try await Self.setUp()

            await #expect(throws: StaffRefusal.disableYourself) {
                try await accounts.change(.disable, memberID: manager.id, by: manager)
            }
            await #expect(throws: StaffRefusal.lastManager(name: "Ana Lima", change: .setRole(.viewer))) {
                try await accounts.change(.setRole(.viewer), memberID: manager.id, by: manager)
            }
        }
    }
}
