import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Demo setup")
    struct DemoSetupSpec {
        static func setup(_ database: any DeskflowDatabase) -> DemoSetup {
            DemoSetup(
                database: database, accounts: OperationsFixtures.accounts(database),
                clock: .fixed(OperationsFixtures.now))
        }

        @Test("seeds an empty database once and hands out a sign-in that works")
        func seedsOnce() async throws {
            // given
            let database = try TestDatabase.temporary()
            let setup = Self.setup(database)

            // when
            let signIn = try #require(try await setup.seedIfEmpty(OperationsFixtures.definition()))

            // then
            #expect(signIn.email == DemoSetup.managerEmail)
            #expect(signIn.password.count == 16)
            let alphabet = Set("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            #expect(signIn.password.allSatisfy(alphabet.contains))
            #expect(try await database.countOrders()[.all] == 300)
            #expect(try await database.staffUserCount() == 1)

            let service = await OperationsFixtures.signInService(database)
            let result = try await service.signIn(email: signIn.email, password: signIn.password, address: "127.0.0.1")
            guard case .success(let user) = result else {
                Issue.record("the demo sign-in was refused: \(result)")
                return
            }
            #expect(user.role == .manager)
            #expect(user.email == DemoSetup.managerEmail)

            // and a second run adds nothing
            let again = try await setup.seedIfEmpty(OperationsFixtures.definition())
            #expect(again == nil)
            #expect(try await database.countOrders()[.all] == 300)
            #expect(try await database.staffUserCount() == 1)
            let stillWorks = try await service.signIn(
                email: signIn.email, password: signIn.password, address: "127.0.0.1")
            #expect(stillWorks == .success(user))
        }

        @Test("each seeded store gets its own random password")
        func randomPasswords() async throws {
            let first = try await Self.setup(TestDatabase.temporary()).seedIfEmpty(OperationsFixtures.definition())
            let second = try await Self.setup(TestDatabase.temporary()).seedIfEmpty(OperationsFixtures.definition())

            let a = try #require(first).password
            let b = try #require(second).password
            #expect(a != b)
        }

    }
}
