import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Signing in")
    struct SigningIn {
        static let email = "ana@example.com"
        static let password = "correct horse battery"
        static let address = "192.0.2.10"

        /// A database with Ana, a manager, a clock the test moves by hand, and the service under test.
        struct Fixture {
            var database: any DeskflowDatabase
            var clock: MovableClock
            var service: SignInService
            var ana: StaffUser

            init() async throws {
                database = try TestDatabase.temporary()
                clock = MovableClock(OperationsFixtures.now)
                ana = try await OperationsFixtures.accounts(database, clock: clock.appClock)
                    .addUser(email: SigningIn.email, name: "Ana Lima", role: .manager, password: SigningIn.password)
                service = await OperationsFixtures.signInService(database, clock: clock.appClock)
            }

            func signIn(
                _ email: String = SigningIn.email, _ password: String = SigningIn.password,
                from address: String = SigningIn.address
            ) async throws -> Result<StaffUser, SignInFailure> {
                try await service.signIn(email: email, password: password, address: address)
            }

            /// Signs in with a wrong password `count` times, `spacing` seconds apart.
            func fail(
                _ count: Int, as email: (Int) -> String = { _ in SigningIn.email }, from address: (Int) -> String,
                spacing: TimeInterval = 10
            ) async throws {
                for attempt in 0..<count {
                    let result = try await signIn(email(attempt), "wrong \(attempt)", from: address(attempt))
                    #expect(result == .failure(.invalidCredentials), "attempt \(attempt)")
                    clock.advance(by: spacing)
                }
            }
        }

        @Test(
            "the right password signs in, however the email is typed",
            arguments: ["ana@example.com", "ANA@Example.COM", "  ana@example.com  ", "\tAna@example.com "]
        )
        func rightPassword(typed: String) async throws {
            let fixture = try await Fixture()

            let result = try await fixture.signIn(typed)

            #expect(result == .success(fixture.ana))
        }

        @Test(
            "a wrong password and an unknown email are refused alike",
            arguments: [
                ("ana@example.com", "correct horse battery "),
                ("ana@example.com", "Correct horse battery"),
                ("ana@example.com", ""),
                ("ana@example.co", "correct horse battery"),
                ("bob@example.com", "correct horse battery"),
                ("", ""),
            ]
        )
        func refused(email: String, password: String) async throws {
            let fixture = try await Fixture()

            let result = try await fixture.signIn(email, password)

            #expect(result == .failure(.invalidCredentials))
            let failures = try await fixture.database.failedSignIns(email: email, address: Self.address, since: .distantPast)
            #expect(failures.fromAddress == 1, "every refusal is recorded")
        }

        @Test(
            "too many failures for one account within 3 minutes lock it, even for the right password",
            arguments: [(9, false), (10, true)]
        )
        func accountThrottle(failures: Int, locked: Bool) async throws {
            // given failures for Ana from many addresses, 10 seconds apart
            let fixture = try await Fixture()
            try await fixture.fail(failures, from: { "198.51.100.\($0)" })

            // when Ana signs in from an address that has never failed
            let result = try await fixture.signIn("ANA@example.com", from: "203.0.113.99")

            // then
            #expect(result == (locked ? .failure(.throttled) : .success(fixture.ana)))
        }

        @Test(
            "failures older than the window do not count",
            arguments: [
                // failures more than 3 minutes ago, failures since, locked?
                (10, 0, false),
                (5, 5, false),
                (3, 9, false),
                (0, 10, true),
                (4, 10, true),
            ]
        )
        func window(oldFailures: Int, recentFailures: Int, locked: Bool) async throws {
            // given
            let fixture = try await Fixture()
            try await fixture.fail(oldFailures, from: { "198.51.100.\($0)" }, spacing: 5)
            fixture.clock.advance(by: 181)
            try await fixture.fail(recentFailures, from: { "198.51.100.\(100 + $0)" }, spacing: 5)

            // when
            let result = try await fixture.signIn(from: "203.0.113.99")

            // then
            #expect(result == (locked ? .failure(.throttled) : .success(fixture.ana)))
        }

        @Test("a locked account opens again once its failures have left the window")
        func lockExpires() async throws {
            // given a locked account
            let fixture = try await Fixture()
            try await fixture.fail(10, from: { "198.51.100.\($0)" }, spacing: 1)
            #expect(try await fixture.signIn() == .failure(.throttled))

            // when the last failure is more than 3 minutes old
            fixture.clock.advance(by: 181)

            // then
            #expect(try await fixture.signIn() == .success(fixture.ana))
        }

        @Test("knocking on a locked account does not keep it locked")
        func knockingDoesNotExtendTheLock() async throws {
            // given a locked account that someone keeps trying while it is locked
            let fixture = try await Fixture()
            try await fixture.fail(10, from: { "198.51.100.\($0)" }, spacing: 1)
            fixture.clock.advance(by: 170)
            for _ in 0..<10 { #expect(try await fixture.signIn() == .failure(.throttled)) }

            // when the real failures have left the window
            fixture.clock.advance(by: 11)

            // then the owner gets in
            #expect(try await fixture.signIn() == .success(fixture.ana))
        }

        @Test("failures from one address lock that address for every account, and no other address")
        func addressThrottle() async throws {
            // given 10 guesses at different accounts from one address
            let fixture = try await Fixture()
            let attacker = "203.0.113.7"
            try await fixture.fail(10, as: { "guess\($0)@example.com" }, from: { _ in attacker })
            let bob = try await OperationsFixtures.accounts(fixture.database, clock: fixture.clock.appClock)
                .addUser(email: "bob@example.com", name: "Bob", role: .viewer, password: "bob's password")

            // when, then
            #expect(try await fixture.signIn(from: attacker) == .failure(.throttled))
            #expect(try await fixture.signIn(from: Self.address) == .success(fixture.ana))
            let bobFromAttacker = try await fixture.signIn("bob@example.com", "bob's password", from: attacker)
            #expect(bobFromAttacker == .failure(.throttled))
            let bobFromElsewhere = try await fixture.signIn("bob@example.com", "bob's password", from: Self.address)
            #expect(bobFromElsewhere == .success(bob))
        }

        @Test("nine failures from one address do not lock it")
        func addressBelowLimit() async throws {
            let fixture = try await Fixture()
            let address = "203.0.113.7"
            try await fixture.fail(9, as: { "guess\($0)@example.com" }, from: { _ in address })

            #expect(try await fixture.signIn(from: address) == .success(fixture.ana))
        }

        @Test("successful sign-ins do not count towards the lock")
        func successesDoNotCount() async throws {
            let fixture = try await Fixture()
            for _ in 0..<12 {
                #expect(try await fixture.signIn() == .success(fixture.ana))
                fixture.clock.advance(by: 1)
            }
        }
    }
}
