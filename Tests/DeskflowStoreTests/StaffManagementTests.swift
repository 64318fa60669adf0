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

        static func claim(_ key: String = "key-1", by staffID: Int64 = 1, values: [String]) -> IdempotencyClaim {
            IdempotencyClaim(key: key, staffID: staffID, action: "staff.add", values: values)
        }

        /// Ana and Bob managers, Cleo a viewer, in a new store on the engine.
        struct Roster {
            var database: any DeskflowDatabase
            var ana: StaffUser
            var bob: StaffUser
            var cleo: StaffUser
        }

        static func withRoster(on engine: StoreEngine, _ body: (Roster) async throws -> Void) async throws {
            try await engine.withStore { database in
                let ana = try await database.addStaffUser(
                    email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: now)
                let bob = try await database.addStaffUser(
                    email: "bob@example.com", name: "Bob", role: .manager, passwordHash: "h", now: now)
                let cleo = try await database.addStaffUser(
                    email: "cleo@example.com", name: "Cleo", role: .viewer, passwordHash: "h", now: now)
                try await body(Roster(database: database, ana: ana, bob: bob, cleo: cleo))
            }
        }

        static func decide(
            _ change: StaffChange, _ member: StaffUser, by actor: StaffUser
        ) -> @Sendable ([StaffStanding]) throws -> StaffDecision {
            { roster in try StaffRules.decide(change, memberID: member.id, actorID: actor.id, roster: roster).get() }
        }

        @Test("members are listed by name with their role, state and last sign-in", arguments: StoreEngine.available)
        func listing(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                // given
                let (database, ana, cleo) = (roster.database, roster.ana, roster.cleo)
                try await database.recordSignIn(staffID: cleo.id, email: cleo.email, address: "10.0.0.1", at: Self.later)

                // when
                let members = try await database.staffMembers()

                // then
                #expect(members.map(\.name) == ["Ana", "Bob", "Cleo"])
                #expect(members.map(\.state) == [.active, .active, .active])
                #expect(members.first { $0.id == cleo.id }?.lastSignedInAt == Self.later)
                #expect(members.first { $0.id == ana.id }?.lastSignedInAt == nil)
                #expect(members.first { $0.id == ana.id }?.createdAt == Self.now)
                #expect(try await database.failedSignIns(email: cleo.email, address: "10.0.0.1", since: Self.now).forAccount == 0)
            }
        }

        @Test(
            "members are sorted by name as SQLite's NOCASE sorts them: ASCII case folded, then bytes, then id",
            arguments: StoreEngine.available
        )
        func nameOrder(engine: StoreEngine) async throws {
            try await engine.withStore { database in
                for (index, name) in ["bea", "Ana", "Émile", "zoe", "Bea", "_x"].enumerated() {
                    _ = try await database.addStaffUser(
                        email: "m\(index)@example.com", name: name, role: .viewer, passwordHash: "h", now: Self.now)
                }

                #expect(try await database.staffMembers().map(\.name) == ["_x", "Ana", "bea", "Bea", "zoe", "Émile"])
            }
        }

        @Test(
            "a member is added once per key; the key sent again replays, with other values it is refused",
            arguments: StoreEngine.available
        )
        func addingOnce(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                let (database, ana) = (roster.database, roster.ana)
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
        }

        @Test("an email already taken adds no one and uses up no key", arguments: StoreEngine.available)
        func duplicate(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                let database = roster.database
                let claim = Self.claim(by: roster.ana.id, values: ["bob@example.com"])

                await #expect(throws: StoreError.conflict("A staff member with the email BOB@example.com already exists.")) {
                    try await database.addStaffMember(
                        NewStaffMember(email: "BOB@example.com", name: "Bob Two", role: .viewer), passwordHash: "h",
                        idempotency: claim, now: Self.now)
                }

                let count = try await database.staffUserCount()
                let stored = try await database.storedResult(key: claim.key)
                #expect(count == 3)
                #expect(stored == nil)
            }
        }

        @Test(
            "disabling a member ends their sessions, and only theirs, and keeps them from signing in",
            arguments: StoreEngine.available
        )
        func disabling(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                // given
                let (database, ana, bob, cleo) = (roster.database, roster.ana, roster.bob, roster.cleo)
                let far = Self.now.addingTimeInterval(3_600)
                _ = try await database.createSession(id: "cleo-1", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
                _ = try await database.createSession(id: "cleo-2", data: Data("{}".utf8), expiresAt: far, staffID: cleo.id)
                _ = try await database.createSession(id: "bob-1", data: Data("{}".utf8), expiresAt: far, staffID: bob.id)
                _ = try await database.createSession(id: "anonymous", data: Data("{}".utf8), expiresAt: far)

                // when
                let decision = try await database.changeStaffMember(
                    now: Self.later, decide: Self.decide(.disable, cleo, by: ana))

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
        }

        @Test("enabling a member lets them sign in again, with their role kept", arguments: StoreEngine.available)
        func enabling(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                let (database, ana, cleo) = (roster.database, roster.ana, roster.cleo)
                _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.disable, cleo, by: ana))

                _ = try await database.changeStaffMember(now: Self.later, decide: Self.decide(.enable, cleo, by: ana))

                #expect(try await database.staffUser(id: cleo.id) == cleo)
                #expect(try await database.staffCredentials(email: cleo.email)?.isDisabled == false)
            }
        }

        @Test("a role change is written; a refused one writes nothing", arguments: StoreEngine.available)
        func roles(engine: StoreEngine) async throws {
            try await Self.withRoster(on: engine) { roster in
                let (database, ana, bob, cleo) = (roster.database, roster.ana, roster.bob, roster.cleo)

                _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.manager), cleo, by: ana))
                _ = try await database.changeStaffMember(now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
                await #expect(throws: StaffRefusal.disableYourself) {
                    try await database.changeStaffMember(now: Self.now, decide: Self.decide(.disable, ana, by: ana))
                }

                #expect(try await database.staffMembers().map(\.role) == [.manager, .viewer, .manager])
                #expect(try await database.staffUser(id: ana.id) == ana)
            }
        }

        @Test("two managers demoting each other at once leave one manager", arguments: StoreEngine.available, 0..<10)
        func demotingEachOther(engine: StoreEngine, round: Int) async throws {
            // given Ana and Bob the only managers
            try await Self.withRoster(on: engine) { roster in
                let (database, ana, bob) = (roster.database, roster.ana, roster.bob)

                // when each demotes the other at the same moment
                async let anaDemotesBob = try? database.changeStaffMember(
                    now: Self.now, decide: Self.decide(.setRole(.viewer), bob, by: ana))
                async let bobDemotesAna = try? database.changeStaffMember(
                    now: Self.now, decide: Self.decide(.setRole(.viewer), ana, by: bob))
                let outcomes = await [anaDemotesBob, bobDemotesAna]

                // then exactly one went through, and one manager is left
                let managers = try await database.staffMembers().filter { $0.role == .manager }
                #expect(outcomes.compactMap { $0 }.count == 1)
                #expect(managers.count == 1)
            }
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
