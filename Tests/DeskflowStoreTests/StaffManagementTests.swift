import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Managing staff")
    struct StaffManagement {
        static let now = StoreFixtures.now
        static let later = now.addingTimeInterval(600)

        static func claim(_ key: String = "key-1", by staffID: Int64 = 1, values: [String] = ["cleo@example.com"]) -> IdempotencyClaim {
            IdempotencyClaim(key: key, staffID: staffID, action: "staff.add", values: values)
        }

        /// Ana and Bob managers, Cleo a viewer.
        static func store() async throws -> (SQLiteStore, ana: StaffUser, bob: StaffUser, cleo: StaffUser) {
            let database = try SQLiteStore.temporary()
            let ana = try await database.addStaffUser(email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: now)
            let bob = try await database.addStaffUser(email: "bob@example.com", name: "Bob", role: .manager, passwordHash: "h", now: now)
            let cleo = try await database.addStaffUser(email: "cleo@example.com", name: "Cleo", role: .viewer, passwordHash: "h", now: now)
            return (database, ana, bob, cleo)
        }

        static func decide(_ change: StaffChange, _ member: StaffUser, by actor: StaffUser) -> @Sendable ([StaffStanding]) throws -> StaffDecision {
            { roster in try StaffRules.decide(change, memberID: member.id, actorID: actor.id, roster: roster).get() }
        }

        @Test("members are listed by name with their role, state and last sign-in")
        func listing() async throws {
            // given
            let (database, ana, _, cleo) = try await Self.store()
            try await database.recordSignIn(staffID: cleo.id, email: cleo.email, address: "10.0.0.1", at: Self.later)

            // when
            let members = try await database.staffMembers()

            // then
            #expect(members.map(\.name) == ["Ana", "Bob", "Cleo"])
            #expect(members.map(\.state) == [.active, .active, .active])
            #expect(members.first { $0.id == cleo.id }?.lastSignedInAt == Self.later)
            #expect(members.first { $0.id == ana.id }?.lastSignedInAt == nil)
            #expect(try await database.failedSignIns(email: cleo.email, address: "10.0.0.1", since: Self.now).forAccount == 0)
        }

        @Test("a member is added once per key; the key sent again replays, with other values it is refused")
        func addingOnce() async throws {
            let (database, ana, _, _) = try await Self.store()
            let dora = NewStaffMember(email: "dora@example.com", name: "Dora", role: .viewer)
            let claim = Self.claim(by: ana.id, values: [dora.email])

            let first = try await database.addStaffMember(dora, passwordHash: "h1", idempotency: claim, now: Self.now)
            let again = try await database.addStaffMember(dora, passwordHash: "h2", idempotency: claim, now: Self.later)
            await #expect(throws: IdempotencyKeyReused.self) {
                try await database.addStaffMember(
                    NewStaffMember(email: "eli@example.com", name: "Eli", role: .viewer), passwordHash: "h3",
                    idempotency: Self.claim(by: ana.id, values: ["eli@example.com"]), now: Self.later)
            }

            guard case .added(let user) = first else { Issue.record("expected .added, got \(first)"); return }
            #expect(user.email == "dora@example.com")
            #expect(again == .replayed(StoredResult(flash: dora.alreadyAddedSummary)))
            #expect(try await database.staffUserCount() == 4)
            #expect(try await database.staffCredentials(email: "dora@example.com")?.passwordHash == "h1")
        }

        @Test("an email already taken adds no one and uses up no key")
        func duplicate() async throws {
            let (database, ana, _, _) = try await Self.store()
            let claim = Self.claim(by: ana.id, values: ["bob@example.com"])

            await #expect(throws: StoreError.self) {
                try await database.addStaffMember(
                    NewStaffMember(email: "BOB@example.com", name: "Bob Two", role: .viewer), passwordHash: "h",
                    idempotency: claim, now: Self.now)
            }

            #expect(try await database.staffUserCount() == 3)
            #expect(try await database.storedResult(key: claim.key) == nil)
        }

        @Test("disabling a member ends their sessions, and only theirs, and keeps them from signing in")
        func disabling() async throws {
            // given
            let (database, ana, bob, cleo) = try await Self.store()
            let far = Self.now.addingTimeInterval(3_600)
            _ = try await database.createSession(id: "cleo-1", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
            _ = try await database.createSession(id: "cleo-2", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
            _ = try await database.createSession(id: "bob-1", data: Data("{}".utf8), expiresAt: far, staffID: bob.id)
            _ = try await database.createSession(id: "anonymous", data: Data("{}".utf8), expiresAt: far)

            // when
            let decision = try await database.changeStaffMember(now: Self.later, decide: Self.decide(.disable, cleo, by: ana))

            // then
            #expect(decision.endsSessions)
            #expect(try await database.sessionData(id: "cleo-1", now: Self.now) == nil)
            #expect(try await database.sessionData(id: "cleo-2", now: Self.now) == nil)
            #expect(try await database.sessionData(id: "bob-1", now: Self.now) != nil)
            #expect(try await database.sessionData(id: "anonymous", now: Self.now) != nil)
            #expect(try await database.sessionCount(staffID: bob.id, now: Self.now) == 1)
            #expect(try await database.staffUser(id: cleo.id) == nil)
            #expect(try await database.staffCredentials(email: cleo.email)?.isDisabled == true)
            #expect(try await database.staffMembers().first { $0.id == cleo.id }?.state == .disabled)
        }

        @Test("enabling a member lets them sign in again, with their role kept")
        func enabling() async throws {
            let (database, ana, _, cleo) = try await Self.store()
            _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.disable, cleo, by: ana))

            _ = try await database.changeStaffMember(now: Self.later, decide: Self.decide(.enable, cleo, by: ana))

            #expect(try await database.staffUser(id: cleo.id) == cleo)
            #expect(try await database.staffCredentials(email: cleo.email)?.isDisabled == false)
        }

        @Test("a role change is written; a refused one writes nothing")
        func roles() async throws {
            let (database, ana, bob, cleo) = try await Self.store()

            _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.manager), cleo, by: ana))
            _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
            await #expect(throws: StaffRefusal.disableYourself) {
                try await database.changeStaffMember(now: Self.now, decide: Self.decide(.disable, ana, by: ana))
            }

            #expect(try await database.staffMembers().map(\.role) == [.manager, .viewer, .manager])
            #expect(try await database.staffUser(id: ana.id) == ana)
        }

        @Test("two managers demoting each other at once leave one manager", arguments: 0..<10)
        func demotingEachOther(round: Int) async throws {
            // given Ana and Bob the only managers
            let (database, ana, bob, _) = try await Self.store()

            // when each demotes the other at the same moment
            async let anaDemotesBob = try? database.changeStaffMember(
                now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
            async let bobDemotesAna = try? database.changeStaffMember(
                now: Self.now, decide: Self.decide(.setRole(.viewer), ana, by: bob))
            let outcomes = await [anaDemotesBob, bobDemotesAna]

            // then exactly one went through, and one manager is left
            #expect(outcomes.compactMap { $0 }.count == 1)
            #expect(try await database.staffMembers().filter { $0.role == .manager }.count == 1)
        }

        @Test("the migration names the member of each session already stored")
        func migrationBackfill() throws {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue, upTo: "v12-storefront-api")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO sessions (id, data) VALUES ('signed-in', ?)", arguments: [Data(#"{"staffID":7,"csrfToken":"t"}"#.utf8)])
                try db.execute(sql: "INSERT INTO sessions (id, data) VALUES ('anonymous', ?)", arguments: [Data(#"{"csrfToken":"t"}"#.utf8)])
                try db.execute(sql: "INSERT INTO sessions (id, data) VALUES ('damaged', ?)", arguments: [Data([0xFF, 0x00, 0x7B])])
            }

            try Migrations.migrator.migrate(queue)

            let staffIDs = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT id, staff_id FROM sessions ORDER BY id").map { row in
                    "\(row["id"] as String)=\((row["staff_id"] as Int64?).map(String.init) ?? "nil")"
                }
            }
            #expect(staffIDs == ["anonymous=nil", "damaged=nil", "signed-in=7"])
        }
    }
}
