import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// The orders list on PostgreSQL against what the SQLite store's list tests expect: newest first, keyset pages,
/// the attention queue oldest failure first, `unknownCursor` for a cursor the page cannot continue from.
@Suite("PostgreSQL orders list", .postgresServer)
struct PostgresOrderListTests {
    @Test("the list runs newest first, page by page, each page continuing after the last order of the one before")
    func pages() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            for (number, minute) in [(1001, 1), (1002, 3), (1003, 2), (1004, 5), (1005, 4)] {
                try await fixtures.order(number, placedMinute: minute)
            }

            let first = try await store.listOrders(OrderListRequest(limit: 2))
            let second = try await store.listOrders(OrderListRequest(after: first.nextCursor, limit: 2))
            let third = try await store.listOrders(OrderListRequest(after: second.nextCursor, limit: 2))

            #expect(first.orders.map(\.number) == [1004, 1005])
            #expect(second.orders.map(\.number) == [1002, 1003])
            #expect(third.orders.map(\.number) == [1001])
            #expect(first.nextCursor == 1005)
            #expect(third.nextCursor == nil)
        }
    }

    @Test("an order's row carries its customer, total, statuses, issue and version")
    func summary() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(
                1001, placedMinute: 1, name: "Grace Hopper", email: "grace@example.com", status: "pending",
                issue: "payment_failed", issueMinute: 2, total: 4_250, currency: "USD")

            let order = try #require(try await store.listOrders(OrderListRequest()).orders.first)

            #expect(order.number == 1001)
            #expect(order.placedAt == ReadFixtures.at(minute: 1))
            #expect(order.customerName == "Grace Hopper")
            #expect(order.customerEmail == "grace@example.com")
            #expect(order.total == Money(minorUnits: 4_250, currency: .usd))
            #expect(order.status == .pending)
            #expect(order.issue?.kind == .paymentFailed)
            #expect(order.issue?.since == ReadFixtures.at(minute: 2))
            #expect(order.version == 1)
        }
    }

    @Test("a cursor naming no order is refused")
    func unknownCursor() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1)
            await #expect(throws: OrderListError.unknownCursor) {
                try await store.listOrders(OrderListRequest(after: 999))
            }
        }
    }

    @Test("the attention queue runs oldest failure first, and an order without an issue is no cursor in it")
    func attentionQueue() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, issue: "payment_failed", issueMinute: 30)
            try await fixtures.order(1002, placedMinute: 2, issue: "refund_failed", issueMinute: 10)
            try await fixtures.order(1003, placedMinute: 3)
            try await fixtures.order(1004, placedMinute: 4, issue: "payment_failed", issueMinute: 20)

            let queue = try await store.listOrders(OrderListRequest(filter: .needsAttention, limit: 2))
            let rest = try await store.listOrders(OrderListRequest(filter: .needsAttention, after: queue.nextCursor, limit: 2))
            let payments = try await store.listOrders(OrderListRequest(filter: .issue(.paymentFailed)))

            #expect(queue.orders.map(\.number) == [1002, 1004])
            #expect(rest.orders.map(\.number) == [1001])
            #expect(payments.orders.map(\.number) == [1004, 1001])
            await #expect(throws: OrderListError.unknownCursor) {
                try await store.listOrders(OrderListRequest(filter: .needsAttention, after: 1003))
            }
        }
    }

    @Test("a status tab lists that status only")
    func statusFilter() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, status: "pending")
            try await fixtures.order(1002, placedMinute: 2, status: "processing")
            try await fixtures.order(1003, placedMinute: 3, status: "pending")

            let pending = try await store.listOrders(OrderListRequest(filter: .status(.pending)))

            #expect(pending.orders.map(\.number) == [1003, 1001])
        }
    }

    @Test("a refund-failed order carries its latest failed refund, for the Retry refund button")
    func failedRefund() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, issue: "refund_failed", issueMinute: 2)
            try await fixtures.order(1002, placedMinute: 2)
            try await fixtures.refund(order: 1001, amount: 100, status: "failed", key: "r1", minute: 3)
            let latest = try await fixtures.refund(order: 1001, amount: 200, status: "failed", key: "r2", minute: 4)
            try await fixtures.refund(order: 1001, amount: 300, status: "succeeded", key: "r3", minute: 5)

            let orders = try await store.listOrders(OrderListRequest()).orders

            #expect(orders.map(\.failedRefundID) == [nil, latest])
        }
    }

    @Test("a status this version does not know is a corrupt row naming the order")
    func corruptStatus() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, status: "teleported")
            let thrown = await #expect(throws: CorruptRow.self) {
                try await store.listOrders(OrderListRequest())
            }
            #expect(thrown?.description == "order #1001: unknown status 'teleported'")
            #expect(thrown?.table == "orders" && thrown?.column == "status" && thrown?.key != nil)
        }
    }
}
