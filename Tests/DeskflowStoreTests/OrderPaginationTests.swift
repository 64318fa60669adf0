import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Keyset pagination of the orders list")
    struct OrderPagination {
        /// Walks every page, checking each page on the way.
        static func walk(
            _ database: SQLiteStore, filter: OrderFilter, search: OrderSearch? = nil, limit: Int
        ) async throws -> (orders: [OrderSummary], pages: Int) {
            var orders: [OrderSummary] = []
            var cursor: Int?
            var pages = 0
            repeat {
                let request = OrderListRequest(filter: filter, search: search, after: cursor, limit: limit)
                let page = try await database.listOrders(request)
                pages += 1
                #expect(page.orders.count <= limit)
                if let next = page.nextCursor {
                    #expect(page.orders.count == limit, "a page before the last is full")
                    #expect(next == page.orders.last?.number, "the cursor is the last order shown")
                }
                orders += page.orders
                cursor = page.nextCursor
                if pages > 1_000 {
                    Issue.record("the pages never end")
                    break
                }
            } while cursor != nil
            return (orders, pages)
        }

        static let walks: [(OrderFilter, Int)] = OrderFilter.allCases.flatMap { filter in [(filter, 50), (filter, 7)] }

        @Test("walking every page visits each matching order once, in list order", arguments: walks)
        func walkVisitsEachOrderOnce(filter: OrderFilter, limit: Int) async throws {
            // given
            let database = try await StoreFixtures.sharedDemoStore()
            let everything = try await database.allOrders(filter: .all, limit: 1_000)
            let expected = everything.filter { filter.includes(status: $0.status, issue: $0.issue?.kind) }
                .inListOrder(for: filter).map(\.number)

            // when
            let (orders, pages) = try await Self.walk(database, filter: filter, limit: limit)

            // then
            let numbers = orders.map(\.number)
            #expect(!expected.isEmpty)
            #expect(numbers.count == Set(numbers).count, "an order was shown twice")
            #expect(Set(numbers) == Set(expected))
            #expect(numbers == expected, "the order of the walk differs from one long page")
            if filter.isAttentionQueue {
                let since = orders.compactMap(\.issue?.since)
                #expect(since.count == orders.count)
                #expect(zip(since, since.dropFirst()).allSatisfy { $0 <= $1 }, "not oldest failure first")
            } else {
                let times = orders.map(\.placedAt)
                #expect(zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }, "not newest first")
            }
            #expect(pages == max(1, (expected.count + limit - 1) / limit))
        }

        @Test(
            "the last page has no next cursor, even when it is exactly full",
            arguments: [299, 300, 301, 1_000]
        )
        func lastPage(limit: Int) async throws {
            let page = try await StoreFixtures.sharedDemoStore().listOrders(OrderListRequest(limit: limit))

            #expect(page.orders.count == min(limit, 300))
            #expect((page.nextCursor != nil) == (limit < 300))
        }

        @Test("a filter with no matching orders is one empty page")
        func emptyPage() async throws {
            let page = try await SQLiteStore.temporary().listOrders(OrderListRequest(filter: .needsAttention))
            #expect(page.orders.isEmpty)
            #expect(page.nextCursor == nil)
        }

        @Test("a cursor from another tab continues after that order's place in time")
        func cursorFromAnotherFilter() async throws {
            // given
            let database = try await StoreFixtures.sharedDemoStore()
            let everything = try await database.allOrders()
            let cursor = try #require(everything.first { $0.status == .fulfilled && $0.issue == nil })

            // when
            let request = OrderListRequest(filter: .status(.cancelled), after: cursor.number, limit: 1_000)
            let page = try await database.listOrders(request)

            // then
            let expected = everything
                .drop { $0.number != cursor.number }.dropFirst()
                .filter { $0.status == .cancelled }.map(\.number)
            #expect(page.orders.map(\.number) == expected)
            #expect(!expected.isEmpty)
        }

        @Test("the attention queue refuses a cursor of an order that needs no attention")
        func queueCursorWithoutIssue() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let cursor = try #require(try await database.allOrders().first { $0.issue == nil })
            await #expect(throws: OrderListError.unknownCursor) {
                try await database.listOrders(OrderListRequest(filter: .needsAttention, after: cursor.number))
            }
        }

        @Test("a cursor that names no order is refused", arguments: [0, 999, 1_301, -5, Int(Int32.max)])
        func unknownCursor(after: Int) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            await #expect(throws: OrderListError.unknownCursor) {
                try await database.listOrders(OrderListRequest(after: after))
            }
        }
    }
}
