import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// A store damaged behind Deskflow's back (a stock level that disagrees with its ledger, a refund over its capture)
/// is reported by `deskflow check`; the pages that meet it still answer, and say nothing false about money.
@Suite("Damaged stock and money")
struct DamagedStockAndMoneyTests {
    @Test("a stock level that disagrees with its ledger: the pages answer and the check names the SKU")
    func stockDisagrees() async throws {
        let app = try await TestApp.make()
        let order = try #require(try await app.database.listOrders(OrderListRequest(filter: .status(.processing), limit: 1)).orders.first)
        let detail = try #require(try await app.database.orderDetail(number: order.number))
        let sku = try #require(detail.order.lines.first?.sku)
        try await app.database.pool.write { db in
            try db.execute(sql: "UPDATE stock_levels SET on_hand = on_hand + 7 WHERE sku = ?", arguments: [sku])
        }

        try await app.run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/orders/\(order.number)", cookie: cookie).status == .ok)
            #expect(try await client.get("/inventory", cookie: cookie).status == .ok)
        }
        let problems = try await app.database.storeProblems(now: Date(), pendingLimit: StoreProblem.pendingLimit)
        #expect(problems.contains { $0.kind == .stock && $0.detail.contains(sku) }, "\(problems)")
    }

    @Test("a refund over its capture: the order page answers, offers nothing more to refund, and the check names the order")
    func refundOverCapture() async throws {
        let app = try await TestApp.make()
        let order = try #require(
            try await app.database.listOrders(OrderListRequest(filter: .status(.processing), limit: 50)).orders.first { $0.paymentStatus == .paid })
        try await app.database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at, completed_at)
                    SELECT id, captured_minor + 1, 'succeeded', 'damaged-refund', 'Someone', created_at, created_at
                    FROM orders JOIN (SELECT CURRENT_TIMESTAMP AS created_at) WHERE number = ?
                    """, arguments: [order.number])
        }

        let detail = try #require(try await app.database.orderDetail(number: order.number))
        #expect(detail.order.payment.refundable.isZero)
        try await app.run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/orders/\(order.number)", cookie: cookie).status == .ok)
            #expect(try await client.get("/orders/\(order.number)/cancel", cookie: cookie).status == .ok)
        }
        let problems = try await app.database.storeProblems(now: Date(), pendingLimit: StoreProblem.pendingLimit)
        #expect(problems.contains { $0.kind == .money && $0.detail.contains("#\(order.number)") }, "\(problems)")
    }
}
