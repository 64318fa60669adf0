import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Synchronization
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Every read behind the orders list, its tabs and the pages beside it is served by an index: no plan reads all of
    /// `orders` (or of another table that grows with the orders), and none sorts rows for an ORDER BY.
    ///
    /// Each case runs the real store method on a copy of the demo store, records the SQL it executes, and asks SQLite
    /// for the plan of each SELECT with the same arguments. The store never runs ANALYZE, so SQLite plans from fixed
    /// guesses rather than from the data: the plan for the 300 demo orders is the plan for a million.
    @Suite("Query plans")
    struct QueryPlans {
        @Test("the store keeps no planner statistics, so a plan does not depend on the number of orders")
        func noPlannerStatistics() async throws {
            let statistics = try await StoreFixtures.sharedDemoStore()
                .count("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'sqlite\\_stat%' ESCAPE '\\'")
            #expect(statistics == 0, "with ANALYZE statistics, plans must be checked against a store of realistic size")
        }

        @Test("a page of the orders list", arguments: ListPage.all)
        func listPage(_ page: ListPage) async throws {
            let store = try await TracedStore()
            let search = try await page.search.orderSearch()
            let cursor = page.later ? try await Self.firstListed(page.filter) : nil
            let request = OrderListRequest(filter: page.filter, search: search, after: cursor)

            let plans = try await store.plans { _ = try await store.database.listOrders(request) }

            #expect(plans.contains { $0.reads("orders") }, "the page read no orders")
            Self.expectServedByIndexes(plans)
        }

        @Test("the counts on the filter tabs", arguments: Search.allCases)
        func tabCounts(_ search: Search) async throws {
            let store = try await TracedStore()
            let orderSearch = try await search.orderSearch()

            let plans = try await store.plans { _ = try await store.database.countOrders(matching: orderSearch) }

            #expect(!plans.isEmpty)
            Self.expectServedByIndexes(plans)
        }

        /// In a store of 2,300 orders a search can match more orders than a count shows: its list pages walk the
        /// list's index and its tab counts stop at the limit.
        @Test("a page of a search in a larger store", arguments: LargeStoreSearch.allCases)
        func largeStoreListPage(_ search: LargeStoreSearch) async throws {
            let store = try await TracedStore(copying: StoreFixtures.bulkIntoDemoStore.value.database)
            try await search.prepare(store.database)
            let orderSearch = try #require(OrderSearch(search.text))
            for filter in OrderFilter.allCases {
                for later in [false, true] {
                    let first = try await store.database.listOrders(OrderListRequest(filter: filter, search: orderSearch))
                    let cursor = later ? first.orders.first?.number : nil
                    let request = OrderListRequest(filter: filter, search: orderSearch, after: cursor)

                    let plans = try await store.plans { _ = try await store.database.listOrders(request) }

                    Self.expectServedByIndexes(plans)
                }
            }
        }

        @Test("the counts on the filter tabs of a search in a larger store", arguments: LargeStoreSearch.allCases)
        func largeStoreTabCounts(_ search: LargeStoreSearch) async throws {
            let store = try await TracedStore(copying: StoreFixtures.bulkIntoDemoStore.value.database)
            try await search.prepare(store.database)
            let orderSearch = try #require(OrderSearch(search.text))

            let plans = try await store.plans { _ = try await store.database.countOrders(matching: orderSearch) }

            Self.expectServedByIndexes(plans)
            // every search's counts read no more than one past the limit of its matches, in one statement
            #expect(plans.contains { $0.sql.contains("LIMIT \(OrderSearch.countLimit + 1)") })
        }

        @Test(
            "part of a name or email is looked up in the trigram index, never matched against every order",
            arguments: [Search.lastName, .partOfEmail]
        )
        func textSearchUsesTheTrigramIndex(_ search: Search) async throws {
            let store = try await TracedStore()
            let orderSearch = try await search.orderSearch()

            let plans = try await store.plans {
                _ = try await store.database.listOrders(OrderListRequest(search: orderSearch))
                _ = try await store.database.countOrders(matching: orderSearch)
            }

            #expect(plans.allSatisfy { !$0.sql.contains("customer_name LIKE") }, "\(plans.map(\.sql))")
            #expect(plans.contains { plan in plan.steps.contains { $0.detail.hasPrefix("SCAN order_search VIRTUAL TABLE INDEX") } })
            Self.expectServedByIndexes(plans)
        }

        @Test("the pages beside the orders list", arguments: NearbyRead.all)
        func nearbyRead(_ read: NearbyRead) async throws {
            let store = try await TracedStore()
            try await read.prepare(store.database)

            let plans = try await store.plans { try await read.run(store.database) }

            #expect(!plans.isEmpty)
            Self.expectServedByIndexes(plans)
        }

        @Test(
            "the check tells a plan served by indexes from one that is not",
            arguments: [
                ("SELECT * FROM orders ORDER BY placed_at DESC, id DESC LIMIT 51", true),
                ("SELECT * FROM orders WHERE status = 'pending' ORDER BY placed_at DESC, id DESC LIMIT 51", true),
                ("SELECT p.name FROM products p ORDER BY p.sku", true),
                ("SELECT * FROM orders WHERE ship_city = 'Oslo'", false),
                ("SELECT * FROM orders WHERE ship_city = 'Oslo' LIMIT 51", false),
                ("SELECT COUNT(*) FROM orders", false),
                ("SELECT * FROM orders WHERE status = 'pending' ORDER BY total_minor LIMIT 51", false),
                ("SELECT o.number FROM line_items l JOIN orders o ON o.id = l.order_id WHERE l.name = 'Mug'", false),
            ]
        )
        func check(sql: String, servedByIndexes: Bool) async throws {
            let plan = try await StoreFixtures.sharedDemoStore().pool.read { db in try QueryPlan(explaining: sql, db) }
            #expect(plan.problems.isEmpty == servedByIndexes, "\(plan)")
        }

        static func expectServedByIndexes(_ plans: [QueryPlan], sourceLocation: SourceLocation = #_sourceLocation) {
            for plan in plans {
                let problems = plan.problems
                #expect(
                    problems.isEmpty,
                    "\(problems.joined(separator: "; "))\n\(plan.sql)\n\(plan)", sourceLocation: sourceLocation)
            }
        }

        /// The first order a tab lists, to continue after on a later page.
        static func firstListed(_ filter: OrderFilter) async throws -> Int {
            let first = try await StoreFixtures.demoOrders()
                .filter { filter.includes(status: $0.status, issue: $0.issue?.kind) }
                .inListOrder(for: filter).first
            return try #require(first?.number, "the demo store lists no order under \(filter.value)")
        }
    }
}

// MARK: - The reads

extension DeskflowStoreTests.QueryPlans {
    /// What a manager types into the search box, taken from a real customer of the demo store.
    enum Search: CaseIterable, CustomTestStringConvertible, Sendable {
        case noSearch, orderNumber, email, lastName, partOfEmail, shortText

        func orderSearch() async throws -> OrderSearch? {
            let order = try #require(try await StoreFixtures.demoOrders().first)
            switch self {
            case .noSearch: return nil
            case .orderNumber: return OrderSearch("#\(order.number)")
            case .email: return OrderSearch(order.customerEmail)
            case .lastName: return OrderSearch(order.customerName.split(separator: " ").last.map(String.init))
            case .partOfEmail: return OrderSearch("example.com")
            case .shortText: return OrderSearch("an")
            }
        }

        var testDescription: String {
            switch self {
            case .noSearch: "no search"
            case .orderNumber: "searching an order number"
            case .email: "searching an email"
            case .lastName: "searching a last name"
            case .partOfEmail: "searching part of an email"
            case .shortText: "searching two letters"
            }
        }
    }

    /// Searches of the store of 2,300 orders, which match more or fewer orders than a count shows.
    enum LargeStoreSearch: CaseIterable, CustomTestStringConvertible, Sendable {
        /// "example", in every order's email: too many to read from the trigram index.
        case everyOrder
        /// "quokka", given to the customer name of half the orders: read once from the trigram index.
        case halfTheOrders
        /// "example.net", in about a third of them, fewer than a count shows.
        case manyOrders
        /// One customer's whole email, the demo store's first.
        case oneCustomer
        /// Two letters, among the newest orders.
        case twoLetters

        var text: String {
            switch self {
            case .everyOrder: "example"
            case .halfTheOrders: "quokka"
            case .manyOrders: "example.net"
            case .oneCustomer: "jane.doe@example.com"
            case .twoLetters: "an"
            }
        }

        var testDescription: String { "searching \"\(text)\"" }

        func prepare(_ database: SQLiteStore) async throws {
            guard self == .halfTheOrders else { return }
            try await database.pool.write { db in
                try db.execute(sql: "UPDATE orders SET customer_name = customer_name || ' Quokka' WHERE id % 2 = 0")
            }
        }
    }

    /// A page of one filter tab: the first, or one continuing after an order by the keyset cursor.
    struct ListPage: CustomTestStringConvertible, Sendable {
        var filter: OrderFilter
        var search: Search
        var later: Bool

        static let all: [ListPage] = OrderFilter.allCases.flatMap { filter in
            Search.allCases.flatMap { search in
                [false, true].map { ListPage(filter: filter, search: search, later: $0) }
            }
        }

        var testDescription: String {
            "\(filter.value), \(search.testDescription), \(later ? "a later" : "the first") page"
        }
    }

    /// The order page, the inventory, the notifications log, the cancellation report, and start-up's look for
    /// payment calls left pending.
    enum NearbyRead: CustomTestStringConvertible, Sendable {
        case pendingPaymentCalls
        case orderDetail
        case stockLevels
        case stockLevelsOfOrder
        case notifications(DeliveryState?, later: Bool)
        case notificationCounts
        case cancellationReport

        static let all: [NearbyRead] = [.orderDetail, .stockLevels, .stockLevelsOfOrder]
            + ([nil] + DeliveryState.allCases).flatMap { state in
                [.notifications(state, later: false), .notifications(state, later: true)]
            }
            + [.notificationCounts, .cancellationReport, .pendingPaymentCalls]

        /// The demo store sends no messages: give the notifications log some, about real orders, in every state.
        func prepare(_ database: SQLiteStore) async throws {
            guard case .notifications = self else { return }
            try await database.pool.write { db in
                for (index, state) in (DeliveryState.allCases + DeliveryState.allCases).enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox(order_id, kind, recipient, subject, body, state, created_at)
                            SELECT id, 'order_cancelled', customer_email, 'Your order was cancelled', 'Sorry.', ?, ?
                            FROM orders WHERE number = ?
                            """,
                        arguments: [state.rawValue, StoreFixtures.now, 1_001 + index])
                }
            }
        }

        func run(_ database: SQLiteStore) async throws {
            switch self {
            case .pendingPaymentCalls:
                _ = try await database.pendingPaymentCalls()
            case .orderDetail:
                // an order with lines, refunds and a timeline
                let detail = try #require(try await StoreFixtures.demoOrderDetails().first { !$0.refunds.isEmpty })
                _ = try #require(try await database.orderDetail(number: detail.order.number))
            case .stockLevels:
                _ = try await database.stockLevels()
            case .stockLevelsOfOrder:
                let detail = try #require(try await StoreFixtures.demoOrderDetails().first)
                _ = try await database.stockLevels(skus: detail.order.lines.map(\.sku))
            case .notifications(let state, let later):
                _ = try await database.notifications(state: state, before: later ? 1_000 : nil, limit: 50)
            case .notificationCounts:
                _ = try await database.notificationCounts()
            case .cancellationReport:
                let (start, end) = DeskflowStoreTests.CancellationReportTests.everything
                _ = try await database.cancellationReport(from: start, to: end, limit: 500)
            }
        }

        var testDescription: String {
            switch self {
            case .pendingPaymentCalls: "payment calls left pending, looked for at start-up"
            case .orderDetail: "an order's page"
            case .stockLevels: "the inventory"
            case .stockLevelsOfOrder: "the stock of an order's lines"
            case .notifications(let state, let later):
                "notifications \(state?.rawValue ?? "in every state"), \(later ? "a later" : "the first") page"
            case .notificationCounts: "the counts on the notifications tabs"
            case .cancellationReport: "the cancellation report"
            }
        }
    }
}

// MARK: - Recording and explaining

extension DeskflowStoreTests.QueryPlans {
    /// A private copy of the demo store that records the statements its connections execute.
    struct TracedStore {
        let database: SQLiteStore
        private let recorder: Recorder

        init() async throws {
            try await self.init(copying: StoreFixtures.seededTemplate.value)
        }

        init(copying source: SQLiteStore) async throws {
            let path = StoreFixtures.temporaryPath()
            try await source.backup(to: path)
            let recorder = Recorder()
            database = try SQLiteStore(path: path) { db in
                db.trace(options: .statement) { event in
                    if case .statement(let statement) = event { recorder.record(statement) }
                }
            }
            self.recorder = recorder
        }

        /// The plan of each SELECT that `read` executes, explained with the arguments it ran with.
        func plans(of read: () async throws -> Void) async throws -> [QueryPlan] {
            recorder.start()
            try await read()
            // Only the store's own reads: not GRDB looking at the schema, nor FTS5 reading its own settings.
            let statements = recorder.stop().filter { sql in
                let head = sql.prefix(7).uppercased()
                return (head.hasPrefix("SELECT") || head.hasPrefix("WITH"))
                    && sql.firstMatch(of: /(?i)\bsqlite_(temp_)?(master|schema)\b|\bpragma_/) == nil
                    && sql.firstMatch(of: /'\w+'\.'\w+_config'/) == nil
            }
            return try await database.pool.read { db in try statements.map { try QueryPlan(explaining: $0, db) } }
        }

        /// Collects SQL, with its arguments written in, while started.
        final class Recorder: Sendable {
            private let statements = Mutex<[String]?>(nil)

            func start() { statements.withLock { $0 = [] } }

            func stop() -> [String] {
                statements.withLock { statements in
                    defer { statements = nil }
                    return statements ?? []
                }
            }

            func record(_ statement: Database.TraceEvent.Statement) {
                statements.withLock { statements in
                    // Statements run by triggers arrive as comments naming the trigger.
                    guard statements != nil, !statement.sql.hasPrefix("--") else { return }
                    statements?.append(statement.expandedSQL)
                }
            }
        }
    }

    /// What EXPLAIN QUERY PLAN says about one statement, and what is wrong with it.
    struct QueryPlan: CustomStringConvertible {
        struct Step {
            var id: Int
            var parent: Int
            var detail: String
        }

        /// Tables whose size is fixed by the catalogue, not by the orders: reading all of one is fine.
        static let fixedSizeTables: Set<String> = ["products", "stock_levels", "order_counts", "outbox_counts"]

        var sql: String
        var steps: [Step]

        init(explaining sql: String, _ db: Database) throws {
            self.sql = sql
            steps = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { row in
                Step(id: row["id"], parent: row["parent"], detail: row["detail"])
            }
        }

        /// The plan as SQLite's shell prints it.
        var description: String {
            func lines(under parent: Int, depth: Int) -> [String] {
                steps.filter { $0.parent == parent }.flatMap { step in
                    [String(repeating: "  ", count: depth) + step.detail] + lines(under: step.id, depth: depth + 1)
                }
            }
            return lines(under: 0, depth: 0).joined(separator: "\n")
        }

        /// Whether the statement reads the table, under its name or an alias.
        func reads(_ table: String) -> Bool { tables.values.contains(table) }

        /// Why the plan is not served by indexes; empty when it is.
        var problems: [String] {
            var problems: [String] = []
            let sortsForOrderBy = steps.contains {
                $0.detail.hasPrefix("USE TEMP B-TREE") && $0.detail.contains("ORDER BY")
            }
            // One customer's orders, found by whole email address, may be sorted: the sort is bounded by that
            // customer's orders, not by the store (the attention queue orders by issue time, not by placement).
            let readsOneCustomer = steps.contains {
                $0.detail.hasPrefix("SEARCH ") && $0.detail.contains("orders_by_customer_email_placed (customer_email=?")
            }
            // The orders a search matches, when no more than a count's worth, are looked up by id from a bounded
            // list and sorted: the trigram index's matches under a LIMIT, or the window of newest orders short
            // text is looked for in.
            let sortsBoundedMatches = steps.contains { $0.detail == "SEARCH orders USING INTEGER PRIMARY KEY (rowid=?)" }
                && (sql.contains("MATCH") && sql.contains("LIMIT \(OrderSearch.countLimit + 1))")
                    || sql.contains("(placed_at, id) >= ("))
            if sortsForOrderBy && !readsOneCustomer && !sortsBoundedMatches {
                problems.append("sorts the rows for ORDER BY")
            }
            for step in steps where step.detail.contains("AUTOMATIC") {
                problems.append("builds a temporary index (\(step.detail))")
            }
            let outerLoop = steps.first {
                $0.parent == 0 && ($0.detail.hasPrefix("SCAN ") || $0.detail.hasPrefix("SEARCH "))
            }
            for step in steps where step.detail.hasPrefix("SCAN ") && !step.detail.hasPrefix("SCAN CONSTANT ROW") {
                let name = String(step.detail.split(separator: " ")[1])
                // A subquery's rows, produced by the steps under it, which are checked themselves.
                if name.hasPrefix("(subquery-") { continue }
                let table = tables[name]
                if let table, Self.fixedSizeTables.contains(table) { continue }
                // A page that walks an index (or the rowids) in the ORDER BY's order stops at its LIMIT.
                if isLimitedPage, !sortsForOrderBy, step.id == outerLoop?.id { continue }
                // The trigram index, asked for its matches (`M` in the plan's index string), reads no other rows.
                if step.detail.firstMatch(of: /^SCAN \w+ VIRTUAL TABLE INDEX \d+:\S*M/) != nil { continue }
                problems.append("reads every row of \(table ?? name) (\(step.detail))")
            }
            return problems
        }

        /// Whether the statement ends with an ORDER BY and a LIMIT, as a keyset page does.
        var isLimitedPage: Bool { sql.firstMatch(of: /(?i)ORDER BY [^()]+ LIMIT \d+(\s+OFFSET \d+)?\s*$/) != nil }

        /// The tables the statement names, by the name or alias a plan uses for them.
        var tables: [String: String] {
            let keywords: Set<String> = [
                "WHERE", "JOIN", "LEFT", "INNER", "CROSS", "NATURAL", "ON", "USING", "GROUP", "ORDER", "LIMIT",
                "WINDOW",
            ]
            var tables: [String: String] = [:]
            for match in sql.matches(of: /(?i)\b(?:FROM|JOIN)\s+"?(\w+)"?(?:\s+(?:AS\s+)?(\w+))?/) {
                let table = String(match.1)
                tables[table] = table
                if let alias = match.2.map(String.init), !keywords.contains(alias.uppercased()) {
                    tables[alias] = table
                }
            }
            return tables
        }
    }
}
