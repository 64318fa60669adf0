import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Orders list")
struct OrdersListTests {
    @Test(
        "every filter tab",
        arguments: TestEngine.available, [
            "all", "needs_attention", "payment_failed", "processing_error", "fulfillment_failed", "refund_failed",
            "pending", "processing", "fulfilled", "cancelled",
        ])
    func filter(engine: TestEngine, value: String) async throws {
        try await engine.withApp { app in try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders?status=\(value)", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("data-filter=\"\(value)\" class=\"tab") && response.html.contains("aria-current=\"page\""))
            let rows = response.html.components(separatedBy: "<tr data-order=").dropFirst()
            if value != "all" {
                for row in rows where value == "needs_attention" {
                    #expect(!row.contains("data-issue=\"\""))
                }
            }
            // one committed page per tab for both engines
            assertSnapshot(of: response.html, as: .html, named: value, testName: "filter(value:)")
        } }
    }

    @Test("the list without a status is all orders, newest first, 50 a page with a next link", arguments: TestEngine.available)
    func firstPage(engine: TestEngine) async throws {
        try await engine.withApp { app in try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders", cookie: cookie).html
            #expect(html.components(separatedBy: "<tr data-order=").count - 1 == 50)
            #expect(html.contains("<a rel=\"next\" href=\"/orders?page="))
            #expect(html.contains("data-filter=\"all\" class=\"tab\" aria-current=\"page\">All <span class=\"count\">300</span>"))
        } }
    }

    @Test("following next links visits every order once")
    func pagination() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            var seen: [String] = []
            var next: String? = "/orders"
            while let uri = next {
                let html = try await client.get(uri, cookie: cookie).html
                seen += html.matches(of: /<tr data-order="(\d+)"/).map { String($0.1) }
                next = html.firstMatch(of: /rel="next" href="([^"]+)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
            }
            #expect(seen.count == 300)
            #expect(Set(seen).count == 300)
        }
    }

    @Test("search by customer, email or number", arguments: TestEngine.available, ["1042", "#1042", "example.org", "Patel"])
    func search(engine: TestEngine, query: String) async throws {
        try await engine.withApp { app in try await app.run { client in
            let cookie = try await client.signIn()
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await client.get("/orders?q=\(encoded)", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("<tr data-order="))
            if query == "Patel" { assertSnapshot(of: response.html, as: .html, named: "search", testName: "search(query:)") }
        } }
    }

    @Test(
        "odd search text is just text",
        arguments: ["\"quoted\"", "100%", "a_b", "'; DROP TABLE orders; --", String(repeating: "x", count: 500), "<script>"])
    func oddSearch(query: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await client.get("/orders?q=\(encoded)", cookie: cookie)
            #expect(response.status == .ok)
            #expect(!response.html.contains("<script>"))
            #expect(response.html.contains("No orders match"))
        }
    }

    @Test("a search with no result says what to do")
    func emptyResult() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders?q=zzzz-nobody", cookie: cookie)
            assertSnapshot(of: response.html, as: .html)
        }
    }

    @Test("an empty store says how to get started")
    func emptyStore() async throws {
        let app = try await TestApp.make(empty: true)
        let accounts = StaffAccounts(database: app.database, hasher: .init(cost: 10), clock: .fixed(testNow))
        _ = try await accounts.addUser(email: TestStaff.managerEmail, name: "Maria Manager", role: .manager, password: TestStaff.password)
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders", cookie: cookie).html
            #expect(html.contains("No orders yet"))
        }
    }

    @Test("an unknown filter is a 400 that names the valid ones")
    func unknownFilter() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders?status=shipped", cookie: cookie)
            #expect(response.status == .badRequest)
            #expect(response.html.contains("needs_attention, payment_failed"))
            assertSnapshot(of: response, as: .response)
        }
    }

    @Test("a malformed or unknown page cursor is a 400", arguments: ["abc", "-1", "1e3", "99999999", "12345678901234567890"])
    func badCursor(page: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders?page=\(page)", cookie: cookie)
            #expect(response.status == .badRequest)
            #expect(response.html.contains("The page link is not valid"))
        }
    }

    @Test("signed out, the list redirects to sign-in")
    func signedOut() async throws {
        try await TestApp.make().run { client in
            let response = try await client.get("/orders", cookie: nil)
            #expect(response.status == .seeOther)
            assertSnapshot(of: response, as: .response)
            #expect(try await client.get("/", cookie: nil).headers[.location] == "/login?next=/")
        }
    }
}


