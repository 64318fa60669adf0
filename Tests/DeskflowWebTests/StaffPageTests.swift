import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("The staff page")
struct StaffPageTests {
    static let password = "Pw7kQm2xRt9vBn4s"

    /// The seeded store (Maria the one manager, Victor a viewer), with the new member's password pinned.
    static func app() async throws -> TestApp {
        try await TestApp.make().configured { $0.makePassword = { StaffPageTests.password } }
    }

    static func addForm(email: String = "nadia@example.com", name: String = "Nadia Novak", role: String = "viewer") -> [String: String] {
        ["csrf_token": "fixed-token", "idempotency_key": "add-key-0001", "email": email, "name": name, "role": role]
    }

    static func member(_ email: String, in database: any DeskflowDatabase) async throws -> StaffMember {
        try #require(try await database.staffMembers().first { $0.email == email })
    }

    @Test("managers see every member with role, last sign-in and state, and a Staff link")
    func list() async throws {
        try await Self.app().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/staff", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains(#"<a href="/staff" aria-current="page">Staff</a>"#))
            assertSnapshot(of: response, as: .response)
        }
    }

    @Test("adding a member shows their one-time password once, and never again")
    func add() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()

            let added = try await client.post("/staff", cookie: cookie, form: Self.addForm(email: "  Nadia@Example.com "))
            #expect(added.status == .ok)
            #expect(added.html.contains(Self.password))
            assertSnapshot(of: added, as: .response)

            let listed = try await client.get("/staff", cookie: cookie)
            #expect(!listed.html.contains(Self.password))
            #expect(listed.html.contains(#"data-email="nadia@example.com" data-role="viewer" data-state="active""#))
            let stored = try #require(try await app.database.staffCredentials(email: "nadia@example.com"))
            #expect(!stored.passwordHash.contains(Self.password))

            // The new member signs in with it.
            _ = try await client.signIn(as: "nadia@example.com", password: Self.password)
        }
    }

    @Test("the add form sent again adds no one and shows no password")
    func addAgain() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()
            _ = try await client.post("/staff", cookie: cookie, form: Self.addForm())

            let again = try await client.post("/staff", cookie: cookie, form: Self.addForm())

            #expect(again.status == .ok)
            #expect(!again.html.contains(Self.password))
            #expect(again.html.contains("was already added by this form"))
            #expect(try await app.database.staffUserCount() == 3)

            let otherValues = try await client.post("/staff", cookie: cookie, form: Self.addForm(email: "other@example.com"))
            #expect(otherValues.status == .unprocessableContent)
            #expect(try await app.database.staffUserCount() == 3)
        }
    }

    @Test(
        "a form that cannot add anyone comes back with the error beside its field, and no one is added",
        arguments: [
            ("badEmail", addForm(email: "nadia.example.com"), 422),
            ("emptyName", addForm(name: "   "), 422),
            ("duplicateEmail", addForm(email: "VIEWER@example.com"), 409),
        ]
    )
    func addRefused(name: String, form: [String: String], status: Int) async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/staff", cookie: cookie, form: form)
            #expect(Int(response.status.code) == status)
            #expect(!response.html.contains(Self.password))
            #expect(try await app.database.staffUserCount() == 2)
            assertSnapshot(of: response, as: .response, named: name)
        }
    }

    @Test("a manager changes a role and re-enables a member")
    func changes() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()
            let victor = try await Self.member(TestStaff.viewerEmail, in: app.database)

            let promoted = try await client.post("/staff/\(victor.id)/role", cookie: cookie, form: ["csrf_token": "fixed-token", "role": "manager"])
            #expect(promoted.status == .seeOther)
            #expect(promoted.headers[.location] == "/staff#staff-\(victor.id)")
            #expect(try await client.get("/staff", cookie: cookie).html.contains("Victor Viewer is now a manager."))

            _ = try await client.post("/staff/\(victor.id)/disable", cookie: cookie, form: ["csrf_token": "fixed-token"])
            #expect(try await Self.member(TestStaff.viewerEmail, in: app.database).state == .disabled)
            let enabled = try await client.post("/staff/\(victor.id)/enable", cookie: cookie, form: ["csrf_token": "fixed-token"])
            #expect(enabled.status == .seeOther)
            let after = try await Self.member(TestStaff.viewerEmail, in: app.database)
            #expect(after.state == .active)
            #expect(after.role == .manager)
        }
    }

    @Test("a change the rules forbid comes back with the reason beside the row, and nothing changes")
    func changeRefused() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()
            let maria = try await Self.member(TestStaff.managerEmail, in: app.database)
            let victor = try await Self.member(TestStaff.viewerEmail, in: app.database)
            let before = try await app.database.staffMembers()

            let disableYourself = try await client.post("/staff/\(maria.id)/disable", cookie: cookie, form: ["csrf_token": "fixed-token"])
            #expect(disableYourself.status == .conflict)
            assertSnapshot(of: disableYourself, as: .response, named: "disableYourself")

            let demoteLastManager = try await client.post(
                "/staff/\(maria.id)/role", cookie: cookie, form: ["csrf_token": "fixed-token", "role": "viewer"])
            #expect(demoteLastManager.status == .conflict)
            assertSnapshot(of: demoteLastManager, as: .response, named: "demoteLastManager")

            let unknownRole = try await client.post(
                "/staff/\(victor.id)/role", cookie: cookie, form: ["csrf_token": "fixed-token", "role": "owner"])
            #expect(unknownRole.status == .unprocessableContent)
            assertSnapshot(of: unknownRole, as: .response, named: "unknownRole")

            #expect(try await client.post("/staff/999/disable", cookie: cookie, form: ["csrf_token": "fixed-token"]).status == .notFound)
            #expect(try await client.post("/staff/x/enable", cookie: cookie, form: ["csrf_token": "fixed-token"]).status == .notFound)
            #expect(try await app.database.staffMembers() == before)
        }
    }

    @Test("viewers get 403 on every staff route, and no Staff link")
    func viewers() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            let maria = try await Self.member(TestStaff.managerEmail, in: app.database)
            let before = try await app.database.staffMembers()

            let page = try await client.get("/staff", cookie: cookie)
            #expect(page.status == .forbidden)
            #expect(!page.html.contains(#"href="/staff""#))
            assertSnapshot(of: page, as: .response)

            let posts: [(String, [String: String])] = [
                ("/staff", Self.addForm()),
                ("/staff/\(maria.id)/role", ["csrf_token": "fixed-token", "role": "viewer"]),
                ("/staff/\(maria.id)/disable", ["csrf_token": "fixed-token"]),
                ("/staff/\(maria.id)/enable", ["csrf_token": "fixed-token"]),
            ]
            for (path, form) in posts {
                #expect(try await client.post(path, cookie: cookie, form: form).status == .forbidden, "\(path)")
            }
            #expect(!(try await client.get("/orders", cookie: cookie).html.contains(#"href="/staff""#)))
            #expect(try await app.database.staffMembers() == before)
        }
    }

    @Test("every staff POST needs the form's CSRF token")
    func csrf() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let cookie = try await client.signIn()
            let victor = try await Self.member(TestStaff.viewerEmail, in: app.database)
            var form = Self.addForm()
            form["csrf_token"] = "forged"
            #expect(try await client.post("/staff", cookie: cookie, form: form).status == .forbidden)
            #expect(try await client.post("/staff/\(victor.id)/disable", cookie: cookie, form: [:]).status == .forbidden)
            #expect(try await Self.member(TestStaff.viewerEmail, in: app.database).state == .active)
            #expect(try await app.database.staffUserCount() == 2)
        }
    }

    @Test("disabling a member ends their session at once and refuses their sign-in, saying why")
    func disablingEndsSessions() async throws {
        let app = try await Self.app()
        try await app.run { client in
            // given Victor signed in
            let victorCookie = try await client.signIn(as: TestStaff.viewerEmail)
            #expect(try await client.get("/orders", cookie: victorCookie).status == .ok)
            let managerCookie = try await client.signIn()
            let victor = try await Self.member(TestStaff.viewerEmail, in: app.database)
            #expect(victor.lastSignedInAt == testNow)

            // when a manager disables him
            let disabled = try await client.post("/staff/\(victor.id)/disable", cookie: managerCookie, form: ["csrf_token": "fixed-token"])
            #expect(disabled.status == .seeOther)

            // then his next request goes to sign-in, and signing in again is refused with the reason
            #expect(try await app.database.sessionCount(staffID: victor.id, now: testNow) == 0)
            let next = try await client.get("/orders", cookie: victorCookie)
            #expect(next.status == .seeOther)
            #expect(next.headers[.location] == "/login?next=/orders")
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let refused = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.viewerEmail, "password": TestStaff.password, "next": "/orders"])
            #expect(refused.status == .forbidden)
            #expect(refused.sessionCookie == nil)
            assertSnapshot(of: refused, as: .response)
            #expect(try await client.get("/staff", cookie: managerCookie).html.contains(
                #"data-email="viewer@example.com" data-role="viewer" data-state="disabled""#))
        }
    }

    @Test("a wrong password for a disabled member says only that it is wrong")
    func disabledWrongPassword() async throws {
        let app = try await Self.app()
        try await app.run { client in
            let managerCookie = try await client.signIn()
            let victor = try await Self.member(TestStaff.viewerEmail, in: app.database)
            _ = try await client.post("/staff/\(victor.id)/disable", cookie: managerCookie, form: ["csrf_token": "fixed-token"])

            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let refused = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.viewerEmail, "password": "not his password", "next": "/orders"])
            #expect(refused.status == .unprocessableContent)
            #expect(!refused.html.contains("disabled"))
        }
    }
}
