import DeskflowDomain
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

@Suite("Security: sessions, redirects and headers")
struct SessionSecurityTests {
    /// Every page a signed-in member of staff can open, in the demo store with one failed message.
    static func pages(_ database: any DeskflowDatabase) async throws -> [String] {
        let paid = try await CancelOrderTests.paidProcessing(database)
        let paymentFailed = try await FailedOrdersTests.first(database, .paymentFailed)
        let processingError = try await FailedOrdersTests.first(database, .processingError)
        let refundFailed = try await FailedOrdersTests.first(database, .refundFailed)
        let refunds = try #require(try await database.orderDetail(number: refundFailed)).refunds
        let refund = try #require(refunds.last { $0.state == .failed }).id
        return [
            "/", "/orders", "/orders?status=needs_attention", "/orders?status=pending&q=example",
            "/orders/\(paid)", "/orders/\(paid)/cancel", "/orders/\(paid)/fulfill", "/orders/\(paid)/messages",
            "/orders/\(paymentFailed)/payment/method", "/orders/\(paymentFailed)/payment/mark-paid",
            "/orders/\(processingError)/address", "/orders/\(processingError)/support", "/orders/\(refundFailed)/refunds/\(refund)/mark-refunded",
            "/inventory", "/notifications", "/notifications?state=failed", "/notifications/1",
            "/reports/cancellations", "/reports/cancellations?from=2026-11-01&to=2026-11-28",
            "/reports/cancellations?format=csv", "/staff",
        ]
    }

    @Test("signed out, every page redirects to sign-in with a next that leads back to it")
    func signedOutPages() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage()
        let pages = try await Self.pages(app.database)
        try await app.run { client in
            for page in pages {
                let response = try await client.get(page, cookie: nil)
                #expect(response.status == .seeOther, "\(page)")
                let location = try #require(response.headers[.location], "\(page)")
                let components = try #require(URLComponents(string: location), "\(page): \(location)")
                #expect(components.path == "/login", "\(page)")
                #expect(components.queryItems?.first { $0.name == "next" }?.value == page, "\(page): \(location)")

                // the sign-in form carries it, and signing in goes there
                let form = try await client.get(location, cookie: nil)
                #expect(form.status == .ok, "\(page)")
                let anonymous = try #require(form.sessionCookie)
                #expect(form.html.contains("name=\"next\" value=\"\(SecurityFixtures.escaped(page))\""), "\(page)")
                let signedIn = try await client.post(
                    "/login", cookie: anonymous,
                    form: [
                        "csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password,
                        "next": page,
                    ])
                #expect(signedIn.headers[.location] == page)
                let cookie = try #require(signedIn.sessionCookie)
                let opened = try await client.get(page, cookie: cookie)
                #expect(opened.status == (page == "/" ? .seeOther : .ok), "\(page)")
            }
        }
    }

    @Test("signed out, a POST to any route is sent to sign in and changes nothing, even with a sign-in form's token")
    func signedOutPosts() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage()
        let posts = try await SecurityFixtures.posts(app.database).filter { $0.path != "/login" }
        let orders = posts.compactMap(\.order)
        try await app.run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            for post in posts {
                for cookie in [nil, anonymous] {
                    let before = try await StoreState(app.database, orders: orders)
                    let response = try await client.post(
                        post.path, cookie: cookie,
                        form: post.form.merging(["csrf_token": "fixed-token"]) { _, new in new })
                    #expect(response.status == .seeOther, "\(post)")
                    #expect(response.headers[.location] == "/login", "\(post)")
                    await #expect(try StoreState(app.database, orders: orders) == before, "\(post) changed something")
                }
            }
        }
    }

    /// `next` values that must never take a signed-in manager off the site.
    static let foreignNext = [
        "//evil.example", "https://evil.example", "http://evil.example/orders", "/\\evil.example", "\\\\evil.example",
        "%2F%2Fevil.example", "/%2F/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/\r\nLocation: https://evil.example", "/orders\r\nSet-Cookie: evil=1", "/\t/evil.example", "/\n/evil.example",
        "/\r/evil.example", " //evil.example", "\t//evil.example", "///evil.example", "/\u{0}/evil.example",
        "https:evil.example",
        "//evil.example/%2F..", "/\u{2028}/evil.example",
    ]

    /// Where a browser would go for a Location header: WHATWG URL parsing drops every tab, CR and LF, and treats
    /// `\` as `/` in http(s) URLs.
    static func staysOnSite(_ location: String) -> Bool {
        let browser = location.filter { $0 != "\t" && $0 != "\r" && $0 != "\n" && $0 != "\r\n" }.replacingOccurrences(
            of: "\\", with: "/")
        return browser.hasPrefix("/") && !browser.hasPrefix("//")
    }

    @Test("after signing in, a next that points off the site goes to the orders list instead", arguments: foreignNext)
    func openRedirectAfterSignIn(next: String) async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: [
                    "csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password,
                    "next": next,
                ])
            #expect(response.status == .seeOther)
            let location = response.headers[.location] ?? ""
            #expect(Self.staysOnSite(location), "Location: \(location.debugDescription)")
            if next != "/%2F/evil.example" {  // that one is a path on this site
                #expect(location == "/orders", "Location: \(location.debugDescription)")
            }
        }
    }

    @Test("a signed-in visitor to the sign-in page is never sent off the site by its next", arguments: foreignNext)
    func openRedirectWhenSignedIn(next: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let response = try await client.get(
                "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""), cookie: cookie)
            #expect(response.status == .seeOther)
            let location = response.headers[.location] ?? ""
            #expect(Self.staysOnSite(location), "Location: \(location.debugDescription)")
            if next != "/%2F/evil.example" {  // that one is a path on this site
                #expect(location == "/orders", "Location: \(location.debugDescription)")
            }
        }
    }

    /// The attributes of a `Set-Cookie` value, lowercased, without their values.
    static func attributes(_ setCookie: String) -> [String: String] {
        var attributes: [String: String] = [:]
        for part in setCookie.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            attributes[pair[0].lowercased()] = pair.count > 1 ? pair[1] : ""
        }
        return attributes
    }

    @Test(
        "the session cookie is HttpOnly, SameSite=Lax, Path=/ and Secure exactly when configured",
        arguments: [false, true])
    func cookie(secure: Bool) async throws {
        let app = try await TestApp.make().configured { $0.secureCookies = secure }
        try await app.run { client in
            let form = try await client.get("/login", cookie: nil)
            let anonymous = try #require(form.sessionCookie)
            let signedIn = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": TestStaff.password])
            let cookie = try #require(signedIn.sessionCookie)
            let signedOut = try await client.post("/logout", cookie: cookie, form: ["csrf_token": "fixed-token"])
            for (moment, response) in [("anonymous", form), ("signed in", signedIn), ("signed out", signedOut)] {
                let setCookie = try #require(
                    response.headers[values: .setCookie].first { $0.hasPrefix(SessionSettings.cookieName + "=") },
                    "\(moment)")
                let attributes = Self.attributes(setCookie)
                #expect(attributes["httponly"] != nil, "\(moment): \(setCookie)")
                #expect(attributes["samesite"]?.lowercased() == "lax", "\(moment): \(setCookie)")
                #expect(attributes["path"] == "/", "\(moment): \(setCookie)")
                #expect((attributes["secure"] != nil) == secure, "\(moment): \(setCookie)")
                #expect(attributes["domain"] == nil, "\(moment): the cookie stays on this host")
            }
        }
    }

    /// One request of each kind of answer the application gives.
    enum Answer: String, CaseIterable, CustomTestStringConvertible {
        case page = "a page"
        case homeRedirect = "the home redirect"
        case signInRedirect = "a signed-out redirect"
        case signInPage = "the sign-in page"
        case wrongPassword = "a wrong password (422)"
        case throttled = "a throttled sign-in (429)"
        case unknownOrder = "an unknown order (404)"
        case unknownPath = "an unknown address (404)"
        case badFilter = "a bad filter (400)"
        case forged = "a forged POST (403)"
        case viewer = "a viewer's POST (403)"
        case notAllowed = "cancelling a fulfilled order (409)"
        case stale = "a stale cancel (409)"
        case invalid = "an invalid cancel (422)"
        case success = "a successful cancel (303)"
        case csv = "the CSV report"
        case health = "the health check"
        case signOut = "signing out"
        case wrongMethod = "a method the address does not take"
        case head = "a HEAD request"
        case missingStaticFile = "a missing stylesheet (404)"
        case tooLarge = "a form over the body limit"

        var testDescription: String { rawValue }
    }

    @Test(
        "every answer carries the security headers of DESIGN §6, and pages are never cached",
        arguments: Answer.allCases
    )
    func headers(_ answer: Answer) async throws {
        let app = try await TestApp.make()
        let paid = try await CancelOrderTests.paidProcessing(app.database)
        let fulfilled = try await CancelOrderTests.order(app.database, .status(.fulfilled))
        try await app.run { client in
            let response: TestResponse
            func manager() async throws -> String { try await client.signIn() }
            func cancel(_ number: Int, _ overrides: [String: String?] = [:], version: Int? = nil) async throws
                -> TestResponse
            {
                let current = try #require(try await app.database.orderDetail(number: number)).order.version
                return try await client.post(
                    "/orders/\(number)/cancel", cookie: try await manager(),
                    form: CancelOrderTests.form(overrides, version: version ?? current))
            }
            switch answer {
            case .page: response = try await client.get("/orders/\(paid)", cookie: try await manager())
            case .homeRedirect: response = try await client.get("/", cookie: try await manager())
            case .signInRedirect: response = try await client.get("/orders", cookie: nil)
            case .signInPage: response = try await client.get("/login", cookie: nil)
            case .wrongPassword, .throttled:
                let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
                var last: TestResponse?
                for _ in 0..<(answer == .throttled ? 11 : 1) {
                    last = try await client.post(
                        "/login", cookie: anonymous,
                        form: [
                            "csrf_token": "fixed-token", "email": TestStaff.managerEmail, "password": "wrong-password",
                        ])
                }
                response = try #require(last)
            case .unknownOrder: response = try await client.get("/orders/99999", cookie: try await manager())
            case .unknownPath: response = try await client.get("/no/such/page", cookie: try await manager())
            case .badFilter: response = try await client.get("/orders?status=bogus", cookie: try await manager())
            case .forged:
                response = try await client.post("/orders/\(paid)/cancel", cookie: try await manager(), form: [:])
            case .viewer:
                response = try await client.post(
                    "/orders/\(paid)/cancel", cookie: try await client.signIn(as: TestStaff.viewerEmail),
                    form: CancelOrderTests.form())
            case .notAllowed: response = try await cancel(fulfilled)
            case .stale: response = try await cancel(paid, version: 0)
            case .invalid: response = try await cancel(paid, ["refund_amount": "abc"])
            case .success: response = try await cancel(paid)
            case .csv: response = try await client.get("/reports/cancellations?format=csv", cookie: try await manager())
            case .health: response = try await client.get("/healthz", cookie: nil)
            case .signOut:
                response = try await client.post(
                    "/logout", cookie: try await manager(), form: ["csrf_token": "fixed-token"])
            case .wrongMethod:
                response = try await client.execute(
                    uri: "/orders", method: .put, headers: [.cookie: try await manager()]
                ) { $0 }
            case .head:
                response = try await client.execute(
                    uri: "/orders", method: .head, headers: [.cookie: try await manager()]
                ) { $0 }
            case .missingStaticFile:
                response = try await client.get("/css/missing.css", cookie: nil)
            case .tooLarge:
                // 413 or 400 while the limit is being reworked: only “not a 500, nothing changed” is asserted
                let before = try await app.database.orderDetail(number: paid)
                response = try await client.post(
                    "/orders/\(paid)/cancel", cookie: try await manager(),
                    form: CancelOrderTests.form(["note": String(repeating: "n", count: 300 * 1024)]))
                #expect(try await app.database.orderDetail(number: paid) == before)
            }
            let expected: [Answer: HTTPResponse.Status] = [
                .page: .ok, .homeRedirect: .seeOther, .signInRedirect: .seeOther, .signInPage: .ok,
                .wrongPassword: .unprocessableContent,
                .throttled: .tooManyRequests, .unknownOrder: .notFound, .unknownPath: .notFound,
                .badFilter: .badRequest,
                .forged: .forbidden, .viewer: .forbidden, .notAllowed: .conflict, .stale: .conflict,
                .invalid: .unprocessableContent,
                .success: .seeOther, .csv: .ok, .health: .ok, .signOut: .seeOther, .missingStaticFile: .notFound,
            ]
            if let status = expected[answer] { #expect(response.status == status) }
            #expect(response.status.code < 500)
            #expect(
                response.headers[.contentSecurityPolicy]
                    == "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'"
            )
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test("static files carry the content-type headers too, though they may be cached")
    func staticFileHeaders() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/css/app.css", cookie: nil)
            #expect(response.headers[.contentSecurityPolicy] != nil)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
        }
    }
}
