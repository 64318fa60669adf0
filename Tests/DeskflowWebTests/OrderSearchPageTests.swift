import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Orders search: hostile text and capped counts")
struct OrderSearchPageTests {
    @Test(
        "FTS5 syntax and control characters in a search get a normal page",
        arguments: [
            "\"", "\"Patel", "Pat*", "NEAR(Patel Chen)", "Patel OR Chen", "NOT Patel", "-Patel", "^Patel",
            "customer_name:Patel", "(Patel", ")", "\u{1}\u{2}\u{3}", "Pa\u{0}tel", "\u{1B}[0m", "\"\"\"\"\"",
        ])
    func hostileSearch(query: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""

            let response = try await client.get("/orders?q=\(encoded)", cookie: cookie)

            #expect(response.status == .ok)
            #expect(response.html.contains("data-filter=\"all\""))
            #expect(response.html.contains("<tr data-order=") || response.html.contains("No orders match"))
        }
    }

    @Test("part of a name finds its orders through the index")
    func partOfName() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()

            let html = try await client.get("/orders?q=atel", cookie: cookie).html

            let names = html.matches(of: /<tr data-order=[\s\S]*?<\/tr>/).map { String($0.0) }
            #expect(!names.isEmpty)
            #expect(names.allSatisfy { $0.localizedCaseInsensitiveContains("atel") })
        }
    }

    @Test("one or two characters that match nothing say the search looked only at the newest orders")
    func shortSearchAdvice() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()

            let html = try await client.get("/orders?q=qz", cookie: cookie).html

            #expect(html.contains("No orders match “qz”"))
            #expect(html.contains("look through the newest 1,000 orders only"))
        }
    }

    @Test("a search matching more than 1,000 orders shows 1,000+, and each tab's count among those as at least that")
    func cappedCounts() async throws {
        // given the demo store with 1,000 more orders: 1,300, every one with "example" in its email
        let app = try await TestApp.make()
        let definition = try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
        try await app.database.seedBulkOrders(count: 1_000, definition: definition, now: testNow)

        try await app.run { client in
            let cookie = try await client.signIn()

            let response = try await client.get("/orders?q=example", cookie: cookie)

            #expect(response.status == .ok)
            #expect(response.html.contains("<span class=\"count\">1,000+</span>"))
            assertSnapshot(of: response.html, as: .html, named: "capped")
        }
    }
}
