import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// Stock, the catalog, stored answers, pending payment calls and the notifications log on PostgreSQL, against what
/// the SQLite store's tests of them expect.
@Suite("PostgreSQL reads", .postgresServer)
struct PostgresOtherReadTests {
    @Test("stock levels come by SKU, all of them or the ones asked for")
    func stock() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.product("B-2", name: "Bolt", onHand: 5, committed: 2)
            try await fixtures.product("A-1", name: "Anvil", onHand: 3)
            try await fixtures.product("C-3", name: "Cog", onHand: 0)

            #expect(try await store.stockLevels() == [
                StockLevel(sku: "A-1", name: "Anvil", onHand: 3, committed: 0),
                StockLevel(sku: "B-2", name: "Bolt", onHand: 5, committed: 2),
                StockLevel(sku: "C-3", name: "Cog", onHand: 0, committed: 0),
            ])
            #expect(try await store.stockLevels(skus: ["C-3", "A-1", "NOPE"]).map(\.sku) == ["A-1", "C-3"])
            #expect(try await store.stockLevels(skus: []).isEmpty)
        }
    }

    @Test("the catalog holds the products asked for that exist, with their prices")
    func catalog() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.product("A-1", name: "Anvil", priceMinor: 2_500)
            try await fixtures.product("B-2", name: "Bolt")

            let catalog = try await store.catalog(skus: ["A-1", "A-1", "NOPE"])

            #expect(catalog == ["A-1": CatalogProduct(sku: "A-1", name: "Anvil", price: Money(minorUnits: 2_500, currency: .eur))])
        }
    }

    @Test("a key's stored flash and a storefront key's stored response are found again, and unknown keys are nil")
    func storedAnswers() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.client.perform("""
                INSERT INTO idempotency_keys (key, staff_id, request_fingerprint, flash, created_at)
                VALUES ('with-flash', 1, 'f', 'Order refunded.', now()), ('without-flash', 1, 'f', NULL, now())
                """, logger: fixtures.logger)
            try await fixtures.client.perform("""
                INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES (7, 'shop', 'storefront', 'h', now())
                """, logger: fixtures.logger)
            try await fixtures.client.perform("""
                INSERT INTO api_requests (token_id, key, request_fingerprint, response_status, response_body, created_at)
                VALUES (7, 'k1', 'digest', 201, '\\x7b7d'::bytea, now())
                """, logger: fixtures.logger)

            #expect(try await store.storedResult(key: "with-flash") == StoredResult(flash: "Order refunded."))
            #expect(try await store.storedResult(key: "without-flash") == StoredResult(flash: nil))
            #expect(try await store.storedResult(key: "unknown") == nil)
            let response = try #require(try await store.storedAPIResponse(tokenID: 7, key: "k1"))
            #expect(response.fingerprint == "digest")
            #expect(response.status == 201)
            #expect(response.body == Data("{}".utf8))
            #expect(try await store.storedAPIResponse(tokenID: 8, key: "k1") == nil)
        }
    }

    @Test("pending calls come refunds first, then voids, charges and captures, each oldest first, before a moment if asked")
    func pendingCalls() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1)
            try await fixtures.payment(order: 1001, kind: "capture", amount: 400, status: "pending", key: "capture-1", minute: 2)
            try await fixtures.payment(order: 1001, kind: "void", amount: 300, status: "pending", key: "void-1", minute: 3)
            try await fixtures.payment(order: 1001, kind: "charge", amount: 200, status: "succeeded", key: "charge-done", minute: 4)
            try await fixtures.refund(order: 1001, amount: 100, status: "pending", key: "refund-2", minute: 9)
            try await fixtures.refund(order: 1001, amount: 150, status: "pending", key: "refund-1", minute: 5)
            try await fixtures.refund(order: 1001, amount: 150, status: "failed", key: "refund-failed", minute: 5)

            let all = try await store.pendingPaymentCalls(createdBefore: nil)
            let older = try await store.pendingPaymentCalls(createdBefore: ReadFixtures.at(minute: 9))

            #expect(all.map(\.idempotencyKey) == ["refund-2", "refund-1", "void-1", "capture-1"])
            #expect(all.map(\.kind) == [.refund, .refund, .void, .capture])
            #expect(all.first?.orderNumber == 1001)
            #expect(all.first?.amount == Money(minorUnits: 100, currency: .eur))
            #expect(all.first?.source == PaymentSource(provider: .simulated, method: PaymentMethod(brand: "visa", last4: "4242")))
            #expect(older.map(\.idempotencyKey) == ["refund-1", "void-1", "capture-1"])
        }
    }

    @Test("notifications run newest first in pages by id, by state, with counts and each message's detail")
    func notifications() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, name: "Ada Lovelace")
            let first = try await fixtures.message(order: 1001, state: "sent", subject: "one", minute: 1)
            let second = try await fixtures.message(state: "failed", subject: "two", minute: 2)
            let third = try await fixtures.message(order: 1001, state: "sent", subject: "three", minute: 3)

            let page = try await store.notifications(state: nil, before: nil, limit: 2)
            let rest = try await store.notifications(state: nil, before: page.next, limit: 2)
            let sent = try await store.notifications(state: .sent, before: nil, limit: 10)

            #expect(page.items.map(\.id) == [third, second])
            #expect(page.next == second)
            #expect(rest.items.map(\.id) == [first])
            #expect(rest.next == nil)
            #expect(sent.items.map(\.subject) == ["three", "one"])
            #expect(page.items.map(\.orderNumber) == [1001, nil])
            #expect(try await store.notificationCounts() == [.sent: 2, .failed: 1])

            let detail = try #require(try await store.notification(id: first))
            #expect(detail.summary.state == .sent)
            #expect(detail.summary.createdAt == ReadFixtures.at(minute: 1))
            #expect(detail.message.customerName == "Ada Lovelace")
            #expect(detail.message.replyTo == "shop@example.com")
            #expect(detail.message.orderNumber == 1001)
            #expect(try await store.notification(id: 9_999) == nil)
        }
    }

    @Test("the cancellation report lists the period's cancellations newest first with their refunds, and totals them")
    func cancellationReport() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1)
            try await fixtures.order(1002, placedMinute: 2)
            try await fixtures.order(1003, placedMinute: 3)
            for (number, reason, refund, minute) in [(1001, "customer", 1_000, 10), (1002, "fraud", 0, 20), (1003, "customer", 500, 99)] {
                try await fixtures.client.perform("""
                    INSERT INTO cancellations (
                        order_id, reason, note, refund_minor, void_minor, currency, restocked, notified, staff_name, created_at
                    )
                    SELECT id, \(reason), 'note', \(refund), 0, 'EUR', true, false, 'Sam', \(ReadFixtures.at(minute: minute))
                    FROM orders WHERE number = \(number)
                    """, logger: fixtures.logger)
            }
            try await fixtures.refund(order: 1001, amount: 1_000, status: "succeeded", key: "cancel-refund", minute: 10)
            try await fixtures.refund(order: 1001, amount: 250, status: "succeeded", key: "later", minute: 15, reason: "damaged")

            let report = try await store.cancellationReport(
                from: ReadFixtures.at(minute: 0), to: ReadFixtures.at(minute: 60), limit: 1)

            #expect(report.rows.map(\.orderNumber) == [1002])
            #expect(report.totalCount == 2)
            #expect(report.isTruncated)
            #expect(report.byReason.first { $0.reason == .customer }?.count == 1)
            #expect(report.byReason.first { $0.reason == .fraud }?.count == 1)
            #expect(report.refunded == [Money(minorUnits: 1_250, currency: .eur)])
            #expect(report.tallies.count == 2)

            let whole = try await store.cancellationReport(
                from: ReadFixtures.at(minute: 0), to: ReadFixtures.at(minute: 60), limit: 10)
            let ada = try #require(whole.rows.last)
            #expect(ada.orderNumber == 1001)
            #expect(ada.refundState == .succeeded)
            #expect(ada.refund == Money(minorUnits: 1_000, currency: .eur))
            #expect(ada.refundedLater == Money(minorUnits: 250, currency: .eur))
            #expect(ada.staffName == "Sam")
        }
    }
}
