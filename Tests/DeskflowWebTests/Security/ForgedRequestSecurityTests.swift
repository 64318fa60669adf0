import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskflowWeb

@Suite("Security: forged and unauthorised changes")
struct ForgedRequestSecurityTests {
    /// Ways a POST can arrive that did not come from this session's own form on this site.
    enum Forgery: String, CaseIterable, CustomTestStringConvertible {
        case noToken = "without a CSRF token"
        case emptyToken = "with an empty CSRF token"
        case anotherSessionsToken = "with another session's CSRF token"
        case foreignOrigin = "from a foreign Origin"
        case nullOrigin = "from Origin null"
        case crossSite = "with Sec-Fetch-Site cross-site"
        case sameSite = "with Sec-Fetch-Site same-site (a sibling subdomain)"

        var testDescription: String { rawValue }

        func apply(to form: inout [String: String], headers: inout HTTPFields, token: String, otherToken: String) {
            switch self {
            case .noToken: form["csrf_token"] = nil
            case .emptyToken: form["csrf_token"] = ""
            case .anotherSessionsToken: form["csrf_token"] = otherToken
            case .foreignOrigin: headers[.origin] = "https://evil.example"
            case .nullOrigin: headers[.origin] = "null"
            case .crossSite: headers[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            case .sameSite: headers[HTTPField.Name("Sec-Fetch-Site")!] = "same-site"
            }
        }
    }

    @Test("every POST route refuses a forged request with a 403 and changes nothing", arguments: Forgery.allCases)
    func forged(_ forgery: Forgery) async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage(randomTokens: true)
        let posts = try await SecurityFixtures.posts(app.database)
        let orders = posts.compactMap(\.order)
        try await app.run { client in
            let (cookie, token) = try await client.signInReadingToken()
            let (_, otherToken) = try await client.signInReadingToken()
            #expect(token != otherToken, "each session has its own token")
            for post in posts {
                let before = try await StoreState(app.database, orders: orders)
                var form = post.form
                form["csrf_token"] = token
                var headers: HTTPFields = [:]
                forgery.apply(to: &form, headers: &headers, token: token, otherToken: otherToken)
                let response = try await client.post(post.path, cookie: cookie, form: form, headers: headers)
                #expect(response.status == .forbidden, "\(post)")
                #expect(response.html.contains("did not come from Deskflow"), "\(post)")
                #expect(response.sessionCookie == nil, "\(post): no new session")
                await #expect(try StoreState(app.database, orders: orders) == before, "\(post) changed something")
                // still signed in, as the same manager
                #expect(try await client.get("/orders", cookie: cookie).status == .ok, "\(post)")
            }
        }
    }

    @Test("the same forms with the session's own token go through, so the refusals above are the token's doing")
    func genuine() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage(randomTokens: true)
        let posts = try await SecurityFixtures.posts(app.database)
        try await app.run { client in
            var (cookie, token) = try await client.signInReadingToken()
            for post in posts {
                var form = post.form
                form["csrf_token"] = token
                let response = try await client.post(post.path, cookie: cookie, form: form)
                #expect(response.status == post.success, "\(post): \(response.html.prefix(400))")
                if post.path == "/login" {
                    cookie = try #require(response.sessionCookie)
                    let page = try await client.get("/orders", cookie: cookie)
                    let fresh = try #require(SecurityFixtures.csrfToken(in: page.html))
                    #expect(fresh != token, "signing in gives the session a new CSRF token")
                    token = fresh
                }
            }
        }
    }

    @Test("the sign-in form's token stops working once signed in")
    func tokenRotatesAtSignIn() async throws {
        let app = try await TestApp.make().withRandomTokens()
        try await app.run { client in
            let form = try await client.get("/login", cookie: nil)
            let anonymous = try #require(form.sessionCookie)
            let anonymousToken = try #require(SecurityFixtures.csrfToken(in: form.html))
            let signedIn = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": anonymousToken, "email": TestStaff.managerEmail, "password": TestStaff.password])
            let cookie = try #require(signedIn.sessionCookie)
            let stale = try await client.post("/logout", cookie: cookie, form: ["csrf_token": anonymousToken])
            #expect(stale.status == .forbidden)
            #expect(try await client.get("/orders", cookie: cookie).status == .ok)
        }
    }

    @Test("a viewer's POST to every route that changes something is a 403 and changes nothing")
    func viewer() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage()
        let posts = try await SecurityFixtures.posts(app.database).filter(\.needsManager)
        let orders = posts.compactMap(\.order)
        let logs = LogCapture()
        try await app.run(logs: logs) { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            for post in posts {
                let before = try await StoreState(app.database, orders: orders)
                let response = try await client.post(
                    post.path, cookie: cookie, form: post.form.merging(["csrf_token": "fixed-token"]) { _, new in new })
                #expect(response.status == .forbidden, "\(post)")
                #expect(response.html.contains("can view orders but not change them"), "\(post)")
                await #expect(try StoreState(app.database, orders: orders) == before, "\(post) changed something")
            }
        }
        // every refusal is logged, with the path
        let refusals = logs.entries.filter { $0.message == "viewer POST refused" }.compactMap { $0.metadata["path"] }
        #expect(Set(refusals) == Set(posts.map(\.path)))
    }

    @Test("the table covers every POST route the router has")
    func tableCoversRouter() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage()
        let composer = try await EmailComposer(
            templatesDirectory: app.configuration.templatesDirectory, identity: app.configuration.mailIdentity)
        var logger = Logger(label: "routes")
        logger.logLevel = .critical
        let router = try await buildRouter(
            configuration: app.configuration, database: app.database, composer: composer, logger: logger)
        // The storefront API answers to its bearer token and ignores cookies, so there is nothing to forge:
        // StorefrontAPITests shows a session cookie alone gets a 401.
        let routed = Set(router.routes.filter { $0.method == .post && !SitePath.isAPI("\($0.path)") }.map { FormFuzzTests.pattern("\($0.path)") })
        let tabled = Set(try await SecurityFixtures.posts(app.database).map { FormFuzzTests.pattern($0.path) })
        #expect(routed == tabled)
    }
}
