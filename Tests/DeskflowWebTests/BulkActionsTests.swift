import DeskflowDomain
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Bulk actions from the queue")
struct BulkActionsTests {
    /// Posts the bulk form: `orders` repeated, as ticked checkboxes send it.
    static func post(
        _ client: any TestClientProtocol, cookie: String, orders: [String], action: String, key: String,
        status: String = "payment_failed", _ extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let fields = [("csrf_token", "fixed-token"), ("idempotency_key", key), ("action", action), ("status", status)]
            + orders.map { ("orders", $0) } + extra
        let body = fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        return try await client.execute(
            uri: "/orders/bulk", method: .post, headers: .form(cookie: cookie), body: ByteBuffer(string: body)) { $0 }
    }

    static func outcomes(_ html: String) -> [String: String] {
        Dictionary(
            html.matches(of: /<tr data-order="([^"]*)" data-outcome="([a-z]+)">/).map { (String($0.1), String($0.2)) },
            uniquingKeysWith: { first, _ in first })
    }

    static func numbers(_ database: any DeskflowDatabase, _ kind: IssueKind) async throws -> [(number: Int, code: String)] {
        try await database.listOrders(OrderListRequest(filter: .issue(kind))).orders.map { ($0.number, $0.issue?.code ?? "") }
    }

    static func charges(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
        try await database.count("SELECT COUNT(*) FROM gateway_transactions WHERE order_number = \(number) AND kind = 'charge'")
    }

    // MARK: The list

    @Test("every row of the queue and of each failure tab has a checkbox inside the bulk form; other tabs have none")
    func checkboxes() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            for tab in ["needs_attention", "payment_failed", "processing_error", "fulfillment_failed", "refund_failed"] {
                let html = try await client.get("/orders?status=\(tab)", cookie: cookie).html
                let rows = html.matches(of: /<tr data-order="(\d+)"/).map { String($0.1) }
                #expect(!rows.isEmpty)
                let form = try #require(html.range(of: "<form method=\"post\" action=\"/orders/bulk\""))
                let formEnd = try #require(html.range(of: "</form>", range: form.upperBound..<html.endIndex))
                let inside = String(html[form.upperBound..<formEnd.lowerBound])
                for number in rows {
                    #expect(inside.contains("<input type=\"checkbox\" name=\"orders\" value=\"\(number)\""), "\(tab) \(number)")
                }
                #expect(html.matches(of: /name="orders" value="\d+"[^>]*checked>/).isEmpty, "nothing is ticked at first")
            }
            let processing = try await client.get("/orders?status=processing", cookie: cookie).html
            #expect(!processing.contains("name=\"orders\""))
            #expect(!processing.contains("/orders/bulk"))
        }
    }

    @Test("Select all on this page re-renders the tab with every box ticked, keeping the filter and the search")
    func selectAll() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders?status=payment_failed&select=all", cookie: cookie).html
            let rows = html.matches(of: /<tr data-order="(\d+)"/).count
            #expect(rows > 0)
            #expect(html.matches(of: /name="orders" value="\d+"[^>]*checked>/).count == rows)
            #expect(html.contains("<a href=\"/orders?status=payment_failed\">Clear selection</a>"))
            assertSnapshot(of: html, as: .html, named: "select-all")
            let searched = try await client.get("/orders?status=needs_attention&q=example&select=all", cookie: cookie).html
            #expect(searched.contains("<input type=\"hidden\" name=\"q\" value=\"example\">"))
            #expect(searched.contains("<a href=\"/orders?status=needs_attention&amp;q=example\">Clear selection</a>"))
        }
    }

    // MARK: Retrying

    @Test("Retry selected: each order its own retry, a failure that needs a fix skipped with why, the flash sums it up")
    func retrySelected() async throws {
        let app = try await TestApp.make()
        let failed = try await Self.numbers(app.database, .paymentFailed)
        let fixed = try #require(failed.first { $0.code == "expired_card" }).number
        try await app.run { client in
            let cookie = try await client.signIn()
            // one expired card gets its fix: a new card on file, so the bulk retry charges it
            let method = try await FailedOrdersTests.post(
                client, cookie: cookie, number: fixed, path: "/payment/method", fields: ["payment_method": "visa-4242"])
            #expect(method.status == .seeOther)
            _ = try await client.get("/orders/\(fixed)", cookie: cookie)  // the method's flash
            let response = try await Self.post(
                client, cookie: cookie, orders: failed.map { String($0.number) }, action: "retry", key: "bulk-retry-0001")
            #expect(response.status == .ok)
            let outcomes = Self.outcomes(response.html)
            #expect(outcomes.count == failed.count)
            for (number, code) in failed {
                let expected = number == fixed ? "done" : FailureClass.of(code: code) == .needsFix ? "skipped" : "failed"
                #expect(outcomes[String(number)] == expected, "#\(number) \(code)")
            }
            #expect(response.html.contains("<a href=\"/orders/\(fixed)\">#\(fixed)</a>"))
            assertSnapshot(of: response.html, as: .html, named: "results")
            let done = outcomes.values.filter { $0 == "done" }.count
            let skipped = outcomes.values.filter { $0 == "skipped" }.count
            let failedCount = outcomes.values.filter { $0 == "failed" }.count
            let queue = try await client.get("/orders?status=payment_failed", cookie: cookie).html
            #expect(queue.contains(
                "<div class=\"flash\" role=\"status\">Retried \(failed.count) orders: \(done) done, \(skipped) skipped, \(failedCount) failed</div>"))
        }
        #expect(try await app.database.orderDetail(number: fixed)?.order.paymentStatus == .paid)
    }

    @Test("the same bulk form sent again does nothing twice and answers with the same outcomes")
    func replay() async throws {
        let app = try await TestApp.make()
        let failed = try await Self.numbers(app.database, .paymentFailed)
        let orders = failed.map { String($0.number) }
        let before = try await failed.asyncMap { try await Self.charges(app.database, $0.number) }
        try await app.run { client in
            let cookie = try await client.signIn()
            let first = try await Self.post(client, cookie: cookie, orders: orders, action: "retry", key: "bulk-replay-0001")
            let afterFirst = try await failed.asyncMap { try await Self.charges(app.database, $0.number) }
            let again = try await Self.post(client, cookie: cookie, orders: orders, action: "retry", key: "bulk-replay-0001")
            #expect(again.status == .ok)
            #expect(Self.outcomes(again.html) == Self.outcomes(first.html))
            #expect(try await failed.asyncMap { try await Self.charges(app.database, $0.number) } == afterFirst)
            #expect(afterFirst != before, "the first request did retry")
            // the same key with other values is refused, and does nothing
            let other = try await Self.post(client, cookie: cookie, orders: orders, action: "cancel", key: "bulk-replay-0001", [("reason", "staff")])
            #expect(other.status == .unprocessableContent)
        }
        for (number, _) in failed {
            #expect(try await app.database.orderDetail(number: number)?.order.status != .cancelled)
        }
    }

    // MARK: Cancelling

    @Test("Cancel selected cancels each order with its reason, skips one already cancelled, and lists an unknown number")
    func cancelSelected() async throws {
        let app = try await TestApp.make()
        let failed = try await Self.numbers(app.database, .paymentFailed).prefix(2).map(\.number)
        let cancelled = try await OrderDetailTests.firstOrder(app.database, .status(.cancelled))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await Self.post(
                client, cookie: cookie, orders: failed.map(String.init) + [String(cancelled), "999999", "abc"],
                action: "cancel", key: "bulk-cancel-0001", [("reason", "declined"), ("notify_customer", "1")])
            #expect(response.status == .ok)
            let outcomes = Self.outcomes(response.html)
            #expect(outcomes == Dictionary(
                uniqueKeysWithValues: failed.map { (String($0), "done") }
                    + [(String(cancelled), "skipped"), ("999999", "skipped"), ("abc", "skipped")]))
            #expect(response.html.contains("Order #\(cancelled) is already cancelled."))
            #expect(response.html.contains("There is no order #999999."))
            #expect(response.html.contains("“abc” is not an order number."))
        }
        for number in failed {
            let order = try #require(try await app.database.orderDetail(number: number)?.order)
            #expect(order.status == .cancelled)
            #expect(order.cancellation?.reason == .declined)
        }
    }

    // MARK: Refusals

    @Test(
        "a bulk form that cannot run shows the list again with the error beside its field, and changes nothing",
        arguments: [
            ("nothing-ticked", [String](), "retry", [(String, String)](), "orders", "Tick at least one order."),
            ("no-action", ["1001"], "", [], "action", "Choose Retry selected or Cancel selected."),
            ("unknown-action", ["1001"], "refund", [], "action", "Choose Retry selected or Cancel selected."),
            ("no-reason", ["1001"], "cancel", [], "reason", "Choose a reason for cancelling."),
            ("too-many", (1...101).map { String(1000 + $0) }, "retry", [], "orders",
             "Choose at most 100 orders at a time; 101 were ticked. Nothing was done."),
        ])
    func refused(name: String, orders: [String], action: String, extra: [(String, String)], field: String, message: String) async throws {
        let app = try await TestApp.make()
        let before = try await app.database.listOrders(OrderListRequest(filter: .all))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await Self.post(client, cookie: cookie, orders: orders, action: action, key: "bulk-refused-0001", extra)
            #expect(response.status == .unprocessableContent)
            let html = response.html
            #expect(html.contains("<a href=\"#\(field)\">\(message)</a>"), "the error summary links to the field")
            #expect(html.contains("<p class=\"error\" id=\"\(field)-error\">\(message)</p>"))
            #expect(html.contains("aria-describedby=\"\(field)-error\""))
            if name == "nothing-ticked" || name == "no-reason" { assertSnapshot(of: html, as: .html, named: name) }
        }
        #expect(try await app.database.listOrders(OrderListRequest(filter: .all)) == before)
        #expect(try await app.database.storedResult(key: "bulk-refused-0001") == nil)
    }

    @Test("a viewer's bulk form is refused with a 403, and nothing changes")
    func viewer() async throws {
        let app = try await TestApp.make()
        let failed = try await Self.numbers(app.database, .paymentFailed).map(\.number)
        let before = try await failed.asyncMap { try await Self.charges(app.database, $0) }
        try await app.run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            let response = try await Self.post(
                client, cookie: cookie, orders: failed.map(String.init), action: "retry", key: "bulk-viewer-0001")
            #expect(response.status == .forbidden)
        }
        #expect(try await failed.asyncMap { try await Self.charges(app.database, $0) } == before)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
