import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Signing in and out")
struct SignInTests {
    @Test("the sign-in page")
    func signInPage() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/login", cookie: nil)
            #expect(response.status == .ok)
            assertSnapshot(of: response, as: .response)
        }
    }

    @Test("a wrong password shows the form again with one generic message and the email kept")
    func wrongPassword() async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": "wrong password", "next": "/orders"])
            #expect(response.status == .unprocessableContent)
            #expect(response.sessionCookie == nil)
            assertSnapshot(of: response, as: .response)
        }
    }

    @Test("an unknown email gets the same answer as a wrong password")
    func unknownEmail() async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": "nobody@example.com", "password": "whatever1", "next": "/orders"])
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains("The email or password is not right."))
        }
    }

    @Test("signing in issues a new session id, deletes the old one, and returns to the page asked for")
    func rotatesSession() async throws {
        try await TestApp.make().run { client in
            let signedOut = try await client.get("/orders?status=pending", cookie: nil)
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers[.location] == "/login?next=/orders%3Fstatus%3Dpending")

            let anonymous = try #require(try await client.get("/login?next=%2Forders%3Fstatus%3Dpending", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password, "next": "/orders?status=pending"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/orders?status=pending")
            let signedIn = try #require(response.sessionCookie)
            #expect(signedIn != anonymous)
            #expect(try await client.get("/orders", cookie: anonymous).status == .seeOther)
            #expect(try await client.get("/orders", cookie: signedIn).status == .ok)
        }
    }

    @Test("after sign-in only local paths are followed", arguments: ["https://evil.example/", "//evil.example", "/\\evil", "javascript:alert(1)"])
    func onlyLocalNext(next: String) async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password, "next": next])
            #expect(response.headers[.location] == "/orders")
        }
    }

    @Test("signing out deletes the session on the server")
    func signOut() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/logout", cookie: cookie, form: ["csrf_token": "fixed-token"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            let replayed = try await client.get("/orders", cookie: cookie)
            #expect(replayed.status == .seeOther)
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Lax")
    func cookieFlags() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/login", cookie: nil)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
        }
    }

    @Test("after ten failures in three minutes even the right password is refused for a while")
    func throttled() async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            for _ in 0..<10 {
                _ = try await client.post(
                    "/login", cookie: anonymous,
                    form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": "wrong-password"])
            }
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password])
            #expect(response.status == .tooManyRequests)
            #expect(response.html.contains("Too many failed sign-in attempts"))
        }
    }

    @Test("an expired session sends the manager back to sign in")
    func idleTimeout() async throws {
        let clock = MovableClock(testNow)
        try await TestApp.make(clock: clock.appClock).run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/orders", cookie: cookie).status == .ok)
            clock.advance(by: 3 * 60 * 60)
            #expect(try await client.get("/orders", cookie: cookie).status == .seeOther)
        }
    }
}
