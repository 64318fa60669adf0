import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Order page")
struct OrderDetailTests {
    /// The newest order in a list filter of the demo store, so the snapshot picks are stable and meaningful.
    static func firstOrder(_ database: any DeskflowDatabase, _ filter: OrderFilter, where keep: (OrderSummary) -> Bool = { _ in true }) async throws -> Int {
        var cursor: Int?
        repeat {
            let page = try await database.listOrders(OrderListRequest(filter: filter, after: cursor))
            if let match = page.orders.first(where: keep) { return match.number }
            cursor = page.nextCursor
        } while cursor != nil
        Issue.record("no order in \(filter.value)")
        return 0
    }

    @Test(
        "normal, failed, fulfilled and cancelled orders",
        arguments: [
            ("processing", OrderFilter.status(.processing)), ("payment-failed", .issue(.paymentFailed)),
            ("processing-error", .issue(.processingError)), ("fulfillment-failed", .issue(.fulfillmentFailed)),
            ("refund-failed", .issue(.refundFailed)), ("fulfilled", .status(.fulfilled)), ("cancelled", .status(.cancelled)),
        ])
    func detail(name: String, filter: OrderFilter) async throws {
        let app = try await TestApp.make()
        let number = try await Self.firstOrder(app.database, filter) { name != "processing" || $0.issue == nil }
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("<main id=\"main\" data-order=\"\(number)\""))
            #expect(response.html.contains("<details class=\"menu\"><summary aria-label=\"More actions\">") || response.html.contains("<summary aria-label=\"More actions\">"))
            assertSnapshot(of: response.html, as: .html, named: name)
        }
    }

    @Test("the order page carries the contract hooks")
    func hooks() async throws {
        let app = try await TestApp.make()
        let number = try await Self.firstOrder(app.database, .status(.processing)) { $0.issue == nil && $0.paymentStatus == .paid }
        let detail = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(html.contains("data-status=\"processing\" data-payment-status=\"paid\" data-fulfillment-status=\"unfulfilled\" data-issue=\"\" data-version=\"1\""))
            #expect(html.contains("<dd data-field=\"total\" data-minor=\"\(detail.order.totals.total.minorUnits)\">\(detail.order.totals.total.formatted)</dd>"))
            #expect(html.contains("data-field=\"captured\""))
            #expect(html.contains("data-field=\"refunded\""))
            #expect(html.contains("data-field=\"refundable\""))
            for line in detail.order.lines {
                #expect(html.contains("<tr data-sku=\"\(line.sku)\" data-quantity=\"\(line.quantity)\">"))
            }
            #expect(html.contains("<li data-event=\"order_placed\">"))
        }
    }

    @Test("an unknown order is a 404 page", arguments: ["99999", "abc", "1001x", "-5"])
    func unknownOrder(number: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(response.status == .notFound)
            if number == "99999" { assertSnapshot(of: response, as: .response) }
        }
    }

    @Test("an unknown address is a 404 page")
    func unknownPath() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/nowhere", cookie: cookie)
            #expect(response.status == .notFound)
            #expect(response.html.contains("There is no page at this address."))
        }
    }
}
