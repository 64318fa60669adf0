import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// Searching and counting orders on PostgreSQL against what the SQLite store's search tests expect.
@Suite("PostgreSQL order search", .postgresServer)
struct PostgresOrderSearchTests {
    /// Three customers' orders, newest last.
    static func threeCustomers(_ fixtures: ReadFixtures) async throws {
        try await fixtures.order(1001, placedMinute: 1, name: "Ada Lovelace", email: "ada@example.com")
        try await fixtures.order(1002, placedMinute: 2, name: "Grace Hopper", email: "Grace.Hopper@Navy.example")
        try await fixtures.order(1003, placedMinute: 3, name: "Ada Lovelace", email: "ada@example.com", status: "pending")
        try await fixtures.order(1004, placedMinute: 4, name: "Pat 100%_Off", email: "pat@example.org")
    }

    static func numbers(_ store: PostgresStore, _ text: String, filter: OrderFilter = .all) async throws -> [Int] {
        let search = try #require(OrderSearch(text))
        return try await store.listOrders(OrderListRequest(filter: filter, search: search)).orders.map(\.number)
    }

    @Test("each kind of search finds what it finds on SQLite")
    func searches() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await Self.threeCustomers(fixtures)

            let expectations: [(String, [Int])] = [
                ("1002", [1002]), ("#1002", [1002]), ("999", []),
                ("ada@example.com", [1003, 1001]), ("ADA@EXAMPLE.COM", [1003, 1001]),
                ("grace.hopper@navy.example", [1002]),
                ("lovelace", [1003, 1001]), ("HOPPER", [1002]), ("navy", [1002]), ("example", [1004, 1003, 1002, 1001]),
                ("100%", [1004]), ("%_", [1004]), ("%", [1004]), ("_", [1004]), ("a_a", []), ("\\", []),
                ("Ad", [1003, 1001]), ("gr", [1002]), ("zz", []), ("nobody here", []),
                ("Ada\u{0}Lovelace", []),
            ]
            for (text, expected) in expectations {
                #expect(try await Self.numbers(store, text) == expected, "searching \"\(text)\"")
            }
            #expect(try await Self.numbers(store, "ada", filter: .status(.pending)) == [1003])
        }
    }

    @Test("a search's pages continue after their cursor")
    func searchPages() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await Self.threeCustomers(fixtures)
            let search = try #require(OrderSearch("example"))

            let first = try await store.listOrders(OrderListRequest(search: search, limit: 3))
            let second = try await store.listOrders(OrderListRequest(search: search, after: first.nextCursor, limit: 3))

            #expect(first.orders.map(\.number) == [1004, 1003, 1002])
            #expect(second.orders.map(\.number) == [1001])
            #expect(second.nextCursor == nil)
        }
    }

    @Test("store-wide counts come from the count table, each tab and the totals")
    func storeWideCounts() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.order(1001, placedMinute: 1, status: "pending", issue: "payment_failed", issueMinute: 1)
            try await fixtures.order(1002, placedMinute: 2, status: "processing")
            try await fixtures.order(1003, placedMinute: 3, status: "processing", issue: "refund_failed", issueMinute: 1)

            let counts = try await store.countOrders(matching: nil)

            #expect(counts[.all] == 3)
            #expect(counts[.status(.processing)] == 2)
            #expect(counts[.status(.pending)] == 1)
            #expect(counts[.needsAttention] == 2)
            #expect(counts[.issue(.paymentFailed)] == 1)
            #expect(counts[.issue(.refundFailed)] == 1)
            #expect(!counts.isCapped(.all))
        }
    }

    @Test("a search's counts cover its matches in every tab")
    func searchCounts() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await Self.threeCustomers(fixtures)

            let counts = try await store.countOrders(matching: OrderSearch("lovelace"))

            #expect(counts[.all] == 2)
            #expect(counts[.status(.pending)] == 1)
            #expect(counts[.status(.processing)] == 1)
            #expect(counts[.needsAttention] == 0)
            #expect(!counts.isCapped(.all))
        }
    }

    @Test("a search matching more than a count shows is counted to the limit, and says so")
    func cappedCounts() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await fixtures.manyOrders(first: 1, count: OrderSearch.countLimit + 5, name: "Many Orders", email: "many@example.com")
            try await fixtures.order(5000, placedMinute: 1, name: "Someone Else", email: "else@example.com")

            let text = try await store.countOrders(matching: OrderSearch("many orders"))
            let address = try await store.countOrders(matching: OrderSearch("MANY@example.com"))
            let few = try await store.countOrders(matching: OrderSearch("someone"))

            #expect(text[.all] == OrderSearch.countLimit)
            #expect(text.isCapped(.all))
            #expect(address[.all] == OrderSearch.countLimit)
            #expect(address.isCapped(.all))
            #expect(few[.all] == 1)
            #expect(!few.isCapped(.all))
        }
    }

    @Test("an order-number search's page and counts from one read are what the list and the counts give apart")
    func numberSearchInOneRead() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            try await Self.threeCustomers(fixtures)
            try await fixtures.order(1005, placedMinute: 5, status: "pending", issue: "payment_failed", issueMinute: 6)

            let searches = ["1005", "#1002", "999", "Ada\u{0}Lovelace", "lovelace"].compactMap(OrderSearch.init)
            #expect(searches.count == 5)
            for search in searches {
                for filter in OrderFilter.allCases {
                    let request = OrderListRequest(filter: filter, search: search)
                    let together = try await store.listOrdersWithCounts(request)
                    let apart = try await store.listOrders(request)
                    #expect(together.page == apart, "\(search) in \(filter)")
                    #expect(together.counts == (try await store.countOrders(matching: search)), "\(search) in \(filter)")
                }
            }
            let found = try await store.listOrdersWithCounts(OrderListRequest(filter: .needsAttention, search: OrderSearch("1005")))
            #expect(found.page.orders.map(\.number) == [1005])
            #expect(found.counts[.issue(.paymentFailed)] == 1)
            #expect(found.counts[.status(.processing)] == 0)
        }
    }

    @Test("text too short for a trigram is looked for among the newest orders only")
    func shortTextWindow() async throws {
        try await ReadFixtures.withStore { store, fixtures in
            // the oldest order, with the only "qx", is outside the newest `shortTextWindow` orders
            try await fixtures.order(1, placedMinute: -10, name: "Qx Oldest", email: "old@example.com")
            try await fixtures.manyOrders(first: 2, count: OrderSearch.shortTextWindow, name: "Newer", email: "new@example.com")

            #expect(try await Self.numbers(store, "qx").isEmpty)
            #expect(try await Self.numbers(store, "qx o").isEmpty == false)
        }
    }
}
