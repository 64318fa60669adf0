import HTTPTypes
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Security")
struct SecurityTests {
    @Test("pages carry the security headers and are not cached")
    func headers() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders", cookie: cookie)
            #expect(response.headers[.contentSecurityPolicy]
                == "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.init("Referrer-Policy")!] == "same-origin")
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test("static files are cacheable and carry validators")
    func staticFiles() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/css/app.css", cookie: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "public, max-age=3600")
            #expect(response.headers[.eTag] != nil)
            #expect(response.headers[.lastModified] != nil)
        }
    }

    @Test("a POST without a valid CSRF token is refused and changes nothing", arguments: [nil, "", "wrong-token"] as [String?])
    func csrf(token: String?) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            var form: [String: String] = [:]
            if let token { form["csrf_token"] = token }
            let response = try await client.post("/logout", cookie: cookie, form: form)
            #expect(response.status == .forbidden)
            #expect(try await client.get("/orders", cookie: cookie).status == .ok)
            if token == nil { assertSnapshot(of: response, as: .response) }
        }
    }

    @Test("a POST from another site is refused even with the token")
    func crossSite() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            var headers = HTTPFields.form(cookie: cookie)
            headers[.init("Sec-Fetch-Site")!] = "cross-site"
            let response = try await client.execute(
                uri: "/logout", method: .post, headers: headers, body: .form(["csrf_token": "fixed-token"])) { $0 }
            #expect(response.status == .forbidden)
            var foreign = HTTPFields.form(cookie: cookie)
            foreign[.origin] = "https://evil.example"
            let second = try await client.execute(
                uri: "/logout", method: .post, headers: foreign, body: .form(["csrf_token": "fixed-token"])) { $0 }
            #expect(second.status == .forbidden)
        }
    }

    @Test("a viewer can read but any change is a 403")
    func viewerIsReadOnly() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            #expect(try await client.get("/orders/1001", cookie: cookie).status == .ok)
            let response = try await client.post("/orders/1001/cancel", cookie: cookie, form: ["csrf_token": "fixed-token"])
            #expect(response.status == .forbidden)
            assertSnapshot(of: response, as: .response)
            #expect(try await client.post("/logout", cookie: cookie, form: ["csrf_token": "fixed-token"]).status == .seeOther)
        }
    }

    @Test("health needs no sign-in")
    func health() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/healthz", cookie: nil)
            #expect(response.status == .ok)
            #expect(response.html == "ok\n")
        }
    }

    @Test("templates never print data unescaped")
    func templatesEscapeEverything() throws {
        // the check itself finds every spelling of an unescaped tag, and nothing else
        #expect(Self.unescapedTags(in: "{{{a}}} {{&b}} {{ & c }} {{  {d}}}").count == 4)
        #expect(Self.unescapedTags(in: "{{a}} {{#b}}{{/b}} {{! & }} {{>c}}").isEmpty)

        let templates = packageRoot.appendingPathComponent("Templates")
        let files = try #require(FileManager.default.enumerator(atPath: templates.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(Self.unescapedTags(in: text).isEmpty, "\(file) prints unescaped: \(Self.unescapedTags(in: text))")
            #expect(!text.contains("CONTENT_TYPE"), "\(file) changes the content type pragma")
            #expect(!text.lowercased().contains("<script"), "\(file) contains a script")
        }
    }

    /// `{{{x}}}` and `{{&x}}`, with any spacing swift-mustache accepts.
    static func unescapedTags(in template: String) -> [String] {
        template.matches(of: /\{\{\s*[{&][^}]*\}+/).map { String($0.output) }
    }
}
