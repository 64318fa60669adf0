import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// SQLite's `Managing staff` expectations, on PostgreSQL.
@Suite("PostgreSQL managing staff", .postgresServer)
struct PostgresStaffManagementTests {
    static let now = PostgresStoreFixture.now
    static let later = now.addingTimeInterval(600)

    static func claim(_ key: String = "key-1", by staffID: Int64 = 1, values: [String]) -> IdempotencyClaim {
        IdempotencyClaim(key: key, staffID: staffID, action: "staff.add", values: values)
    }

    struct Roster {
        var store: PostgresStore
        var ana: StaffUser
        var bob: StaffUser
        var cleo: StaffUser
    }

    /// Ana and Bob managers, Cleo a viewer.
    static func withRoster(_ body: (Roster) async throws -> Void) async throws {
        try await PostgresStoreFixture.withStore { store in
            let ana = try await store.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: now)
            let bob = try await store.addStaffUser(
                email: "bob@example.com", name: "Bob", role: .manager, passwordHash: "h", now: now)
            let cleo = try await store.addStaffUser(
                email: "cleo@example.com", name: "Cleo", role: .viewer, passwordHash: "h", now: now)
            try await body(Roster(store: store, ana: ana, bob: bob, cleo: cleo))
        }
    }

    static func decide(
        _ change: StaffChange, _ member: StaffUser, by actor: StaffUser
    ) -> @Sendable ([StaffStanding]) throws -> StaffDecision {
        { roster in try StaffRules.decide(change, memberID: member.id, actorID: actor.id, roster: roster).get() }
    }

    @Test("members are listed by name with their role, state and last sign-in")
    func listing() async throws {
        try await Self.withRoster { roster in
            let store = roster.store
            try await store.recordSignIn(
                staffID: roster.cleo.id, email: roster.cleo.email, address: "10.0.0.1", at: Self.later)

            let members = try await store.staffMembers()

            #expect(members.map(\.name) == ["Ana", "Bob", "Cleo"])
            #expect(members.map(\.state) == [.active, .active, .active])
            #expect(members.first { $0.id == roster.cleo.id }?.lastSignedInAt == Self.later)
            #expect(members.first { $0.id == roster.ana.id }?.lastSignedInAt == nil)
            #expect(members.first { $0.id == roster.ana.id }?.createdAt == Self.now)
            #expect(
                try await store.failedSignIns(email: roster.cleo.email, address: "10.0.0.1", since: Self.now)
                    .forAccount == 0)
        }
    }

    @Test("members are sorted by name as SQLite's NOCASE sorts them: ASCII case folded, then bytes, then id")
    func nameOrder() async throws {
        try await PostgresStoreFixture.withStore { store in
            for (index, name) in ["bea", "Ana", "Émile", "zoe", "Bea", "_x"].enumerated() {
                _ = try await store.addStaffUser(
                    email: "m\(index)@example.com", name: name, role: .viewer, passwordHash: "h", now: Self.now)
            }

            #expect(try await store.staffMembers().map(\.name) == ["_x", "Ana", "bea", "Bea", "zoe", "Émile"])
        }
    }

    @Test("a member is added once per key; the key sent again replays, with other values it is refused")
    func addingOnce() async throws {
        try await Self.withRoster { roster in
            let store = roster.store
            let dora = NewStaffMember(email: "dora@example.com", name: "Dora", role: .viewer)
            let claim = Self.claim(by: roster.ana.id, values: [dora.email])

            let first = try await store.addStaffMember(dora, passwordHash: "h1", idempotency: claim, now: Self.now)
            let again = try await store.addStaffMember(dora, passwordHash: "h2", idempotency: claim, now: Self.later)
            await #expect(throws: IdempotencyKeyReused.self) {
                try await store.addStaffMember(
                    NewStaffMember(email: "eli@example.com", name: "Eli", role: .viewer), passwordHash: "h3",
                    idempotency: Self.claim(by: roster.ana.id, values: ["eli@example.com"]), now: Self.later)
            }

            guard case .added(let user) = first else {
                Issue.record("expected .added, got \(first)")
                return
            }
            #expect(user.email == "dora@example.com")
            #expect(again == .replayed(StoredResult(flash: dora.alreadyAddedSummary)))
            #expect(try await store.staffUserCount() == 4)
            #expect(try await store.staffCredentials(email: "dora@example.com")?.passwordHash == "h1")
        }
    }

    @Test("an email already taken adds no one and uses up no key")
    func duplicate() async throws {
        try await Self.withRoster { roster in
            let store = roster.store
            let claim = Self.claim(by: roster.ana.id, values: ["bob@example.com"])

            await #expect(throws: StoreError.conflict("A staff member with the email BOB@example.com already exists.")) {
                try await store.addStaffMember(
                    NewStaffMember(email: "BOB@example.com", name: "Bob Two", role: .viewer), passwordHash: "h",
                    idempotency: claim, now: Self.now)
            }

            let count = try await store.staffUserCount()
            let keys = try await store.engine.client.values("SELECT key FROM idempotency_keys", as: String.self)
            #expect(count == 3)
            #expect(keys == [])
        }
    }

    @Test("disabling a member ends their sessions, and only theirs, and keeps them from signing in")
    func disabling() async throws {
        try await Self.withRoster { roster in
            let (store, ana, bob, cleo) = (roster.store, roster.ana, roster.bob, roster.cleo)
            let far = Self.now.addingTimeInterval(3_600)
            _ = try await store.createSession(id: "cleo-1", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
            _ = try await store.createSession(id: "cleo-2", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
            _ = try await store.createSession(id: "bob-1", data: Data("{}".utf8), expiresAt: far, staffID: bob.id)
            _ = try await store.createSession(id: "anonymous", data: Data("{}".utf8), expiresAt: far, staffID: nil)

            let decision = try await store.changeStaffMember(now: Self.later, decide: Self.decide(.disable, cleo, by: ana))

            #expect(decision.endsSessions)
            #expect(try await store.sessionData(id: "cleo-1", now: Self.now) == nil)
            #expect(try await store.sessionData(id: "cleo-2", now: Self.now) == nil)
            #expect(try await store.sessionData(id: "bob-1", now: Self.now) != nil)
            #expect(try await store.sessionData(id: "anonymous", now: Self.now) != nil)
            #expect(try await store.sessionCount(staffID: bob.id, now: Self.now) == 1)
            #expect(try await store.staffUser(id: cleo.id) == nil)
            #expect(try await store.staffCredentials(email: cleo.email)?.isDisabled == true)
            #expect(try await store.staffMembers().first { $0.id == cleo.id }?.state == .disabled)
        }
    }

    @Test("enabling a member lets them sign in again, with their role kept")
    func enabling() async throws {
        try await Self.withRoster { roster in
            let (store, ana, cleo) = (roster.store, roster.ana, roster.cleo)
            _ = try await store.changeStaffMember(now: Self.now, decide: Self.decide(.disable, cleo, by: ana))

            _ = try await store.changeStaffMember(now: Self.later, decide: Self.decide(.enable, cleo, by: ana))

            #expect(try await store.staffUser(id: cleo.id) == cleo)
            #expect(try await store.staffCredentials(email: cleo.email)?.isDisabled == false)
        }
    }

    @Test("a role change is written; a refused one writes nothing")
    func roles() async throws {
        try await Self.withRoster { roster in
            let (store, ana, bob, cleo) = (roster.store, roster.ana, roster.bob, roster.cleo)

            _ = try await store.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.manager), cleo, by: ana))
            _ = try await store.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
            await #expect(throws: StaffRefusal.disableYourself) {
                try await store.changeStaffMember(now: Self.now, decide: Self.decide(.disable, ana, by: ana))
            }

            #expect(try await store.staffMembers().map(\.role) == [.manager, .viewer, .manager])
            #expect(try await store.staffUser(id: ana.id) == ana)
        }
    }

    @Test("two managers demoting each other at once leave one manager", arguments: 0..<10)
    func demotingEachOther(round: Int) async throws {
        try await Self.withRoster { roster in
            let (store, ana, bob) = (roster.store, roster.ana, roster.bob)

            async let anaDemotesBob = try? store.changeStaffMember(
                now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
            async let bobDemotesAna = try? store.changeStaffMember(
                now: Self.now, decide: Self.decide(.setRole(.viewer), ana, by: bob))
            let outcomes = await [anaDemotesBob, bobDemotesAna]

            let managers = try await store.staffMembers().filter { $0.role == .manager }
            #expect(outcomes.compactMap { $0 }.count == 1)
            #expect(managers.count == 1)
        }
    }
}
