import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

/// A stored row holding a value this version cannot read (a status written by hand, by a newer version, or by
/// damage) is never read as some default: a request that meets it answers a clear 503 page naming the row and
/// `deskflow check`, never a 500 or a stack trace.
@Suite("When a stored row is damaged")
struct DamagedDataTests {
    /// The newest order, the first row of the orders list.
    static func newestOrder(_ database: any DeskflowDatabase) async throws -> Int {
        try #require(try await database.listOrders(OrderListRequest()).orders.first?.number)
    }

    static func expectDamagedPage(_ response: TestResponse, naming row: String, _ comment: Comment) {
        #expect(response.status == .serviceUnavailable, comment)
        #expect(response.html.contains("Stored data is damaged"), comment)
        #expect(response.html.contains(row), comment)
        #expect(response.html.contains("deskflow check"), comment)
        #expect(!response.html.contains("CorruptRow"), comment)
        #expect(response.headers[.retryAfter] == nil, comment)
    }

    @Test("an unknown order status answers 503 on the order page, the list and a search, naming the order")
    func unknownOrderStatus() async throws {
        let app = try await TestApp.make()
        let number = try await Self.newestOrder(app.database)
        try await Self.damage(app.database, "UPDATE orders SET status = 'teleported' WHERE number = ?", [number])

        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            Self.expectDamagedPage(page, naming: "This order’s stored data is damaged: order #\(number): unknown status", "order page")
            #expect(page.html.contains("teleported"))
            assertSnapshot(of: page, as: .response, named: "order-page")

            let list = try await client.get("/orders", cookie: cookie)
            Self.expectDamagedPage(list, naming: "order #\(number): unknown status", "orders list")

            let search = try await client.get("/orders?q=\(number)", cookie: cookie)
            Self.expectDamagedPage(search, naming: "order #\(number): unknown status", "search")

            // Other orders are still served.
            #expect(try await client.get("/orders/\(number - 1)", cookie: cookie).status == .ok)
        }
    }

    @Test("an unknown refund state answers 503 on its order's page, naming the refund and the order")
    func unknownRefundState() async throws {
        let app = try await TestApp.make()
        let (number, refundID) = try await Self.firstRefund(app.database)
        try await Self.damage(app.database, "UPDATE refunds SET status = 'lost' WHERE id = ?", [refundID])

        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            Self.expectDamagedPage(page, naming: "refunds row \(refundID) (order #\(number)): unknown status", "order page")
        }
    }
}
