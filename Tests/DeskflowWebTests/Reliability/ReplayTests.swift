import DeskflowStore
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Every form that changes something carries an idempotency key: sent twice under one key (a double click, a
/// browser resending after a dropped connection), it is done once and both answers say the same.
@Suite("Every action sent twice under one key")
struct ReplayTests {
    @Test("each order, stock and message form sent twice: the same 303 and flash, and nothing done twice")
    func everyActionTwice() async throws {
        let app = try await SecurityFixtures.storeWithFailedMessage()
        // Staff forms change no order and carry no key but one (StaffPageTests covers adding twice); a bulk request
        // answers with its results page (BulkActionsTests sends one twice).
        let posts = try await SecurityFixtures.posts(app.database).filter {
            $0.needsManager && $0.accepted == .seeOther && !$0.path.hasPrefix("/staff")
        }
        #expect(posts.count == 16, "every POST route that changes something: \(posts.map(\.name))")
        let orders = posts.compactMap(\.order)
        try await app.run { client in
            let cookie = try await client.signIn()
            for post in posts {
                var form = post.form
                form["csrf_token"] = "fixed-token"
                let before = try await StoreState(app.database, orders: orders)

                let first = try await client.post(post.path, cookie: cookie, form: form)
                let firstFlash = try await Self.flash(client, cookie: cookie, at: first.headers[.location])
                let afterFirst = try await StoreState(app.database, orders: orders)
                let second = try await client.post(post.path, cookie: cookie, form: form)
                let secondFlash = try await Self.flash(client, cookie: cookie, at: second.headers[.location])
                let afterSecond = try await StoreState(app.database, orders: orders)

                #expect(first.status == .seeOther, "\(post): \(first.html.prefix(300))")
                #expect(second.status == .seeOther, "\(post): \(second.html.prefix(300))")
                #expect(second.headers[.location] == first.headers[.location], "\(post)")
                #expect(!firstFlash.isEmpty, "\(post) said nothing")
                #expect(secondFlash == firstFlash, "\(post)")
                #expect(afterFirst != before, "\(post) changed nothing the first time")
                #expect(afterSecond == afterFirst, "\(post) did something again under the same key")
            }
        }
    }

    /// The flash the page a redirect points at shows once.
    static func flash(_ client: any TestClientProtocol, cookie: String, at location: String?) async throws -> String {
        let path = (location ?? "/").split(separator: "#").first.map(String.init) ?? "/"
        let html = try await client.get(path, cookie: cookie).html
        return html.firstMatch(of: /<div class="flash" role="status">([^<]*)<\/div>/).map { String($0.1) } ?? ""
    }
}
