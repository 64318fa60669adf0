import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// A page of orders, newest first (the attention queue: oldest failure first). Keyset pagination: the cursor's
    /// position is looked up, never an OFFSET.
    ///
    /// The page is one statement, each failed refund's id (for the queue's Retry refund button) read alongside its
    /// order, so it is consistent on its own and needs no transaction around it: every statement is a round trip to
    /// the server, which on a small machine costs more than the statement itself. Only an empty page looks further,
    /// to tell a cursor with no place in the list (unknown, or out of the queue) from the end of the list.
    public func listOrders(_ request: OrderListRequest) async throws -> OrderListPage {
        var query = QueryText()
        var conditions = Self.conditions(filter: request.filter, &query)
        if let search = request.search {
            conditions.append(OrderSearchMatch(search).condition(&query))
        }
        // The attention queue runs oldest failure first; every other list runs newest order first.
        let queue = request.filter.isAttentionQueue
        let sortColumn = queue ? "issue_since" : "placed_at"
        if let after = request.after {
            // The cursor's position is compared inside the statement, so the timestamp is never read into a `Date`
            // and bound back, which could move it by a microsecond. A row of two scalar subqueries (not one row
            // subquery) is a comparison the list's index can seek to. A cursor with no place makes it NULL: no row.
            let cursor = query.bind(after)
            let position = "((SELECT \(sortColumn) FROM orders WHERE number = \(cursor)), " +
                "(SELECT id FROM orders WHERE number = \(cursor)))"
            conditions.append("(\(sortColumn), id) \(queue ? ">" : "<") \(position)")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = queue ? "issue_since ASC, id ASC" : "placed_at DESC, id DESC"
        let failedRefund = Self.failedRefundColumn(&query)
        let limit = query.bind(request.limit + 1)
        query.append("""
            SELECT \(OrderRow.columns), \(failedRefund) FROM orders \(whereClause) ORDER BY \(order) LIMIT \(limit)
            """)
        let orders = try await summaries(query)
        if orders.isEmpty, let after = request.after, try await !hasPlace(after, in: sortColumn) {
            throw OrderListError.unknownCursor
        }
        let page = Array(orders.prefix(request.limit))
        return OrderListPage(orders: page, nextCursor: orders.count > request.limit ? page.last?.number : nil)
    }

    /// An order-number search matches one order at most, whatever the tab, so that order read by its number is both
    /// the page (when the tab lists it) and every tab's count: one statement where a page and its counts take two.
    /// A search that can match nothing reads nothing. Neither has a second page: one given a cursor anyway is read the
    /// usual way, which checks the cursor.
    public func listOrdersWithCounts(_ request: OrderListRequest) async throws -> (page: OrderListPage, counts: OrderCounts) {
        let match = request.search.map(OrderSearchMatch.init)
        let matched: [OrderSummary]
        switch match {
        case .number(let number) where request.after == nil:
            var query = QueryText()
            let failedRefund = Self.failedRefundColumn(&query)
            query.append("SELECT \(OrderRow.columns), \(failedRefund) FROM orders WHERE number = \(query.bind(number))")
            matched = try await summaries(query)
        case .nothing where request.after == nil:
            matched = []
        default:
            return (try await listOrders(request), try await countOrders(matching: request.search))
        }
        let counts = OrderCounts.tally(matched.map { (status: $0.status, issue: $0.issue?.kind, count: 1) })
        let listed = matched.filter { request.filter.includes(status: $0.status, issue: $0.issue?.kind) }
        return (OrderListPage(orders: Array(listed.prefix(request.limit))), OrderCounts(counts: counts))
    }

    /// The id of a refund-failed order's latest failed refund, as a column of its row.
    private static func failedRefundColumn(_ query: inout QueryText) -> String {
        """
        CASE WHEN orders.issue_kind = \(query.bind(IssueKind.refundFailed.rawValue)) THEN (SELECT max(refunds.id) \
        FROM refunds WHERE refunds.order_id = orders.id AND refunds.status = 'failed') END AS failed_refund_id
        """
    }

    /// The list's rows, each with its failed refund's id.
    private func summaries(_ query: QueryText) async throws -> [OrderSummary] {
        try await client.queryWhileOpen(query.query, logger: logger).readAll { row in
            var summary = try OrderRow(row).summary
            summary.failedRefundID = try row.value("failed_refund_id", as: Int64?.self)
            return summary
        }
    }

    /// Whether the order numbered `number` exists and has a value in `sortColumn`: an order with no open issue has no
    /// place in the attention queue to continue from.
    private func hasPlace(_ number: Int, in sortColumn: String) async throws -> Bool {
        let rows = try await client.queryWhileOpen(
            "SELECT \(unescaped: sortColumn) IS NOT NULL AS placed FROM orders WHERE number = \(number)", logger: logger)
        return try await rows.readAll({ try $0.value("placed", as: Bool.self) }).first == true
    }

    /// Order counts for every filter tab: store-wide, or among the orders matching a search, counted no further than
    /// `OrderSearchMatch.countedMatches` of them.
    public func countOrders(matching search: OrderSearch?) async throws -> OrderCounts {
        guard let search else { return try await storeWideCounts() }
        return try await searchCounts(OrderSearchMatch(search))
    }

    /// The counts the triggers keep in `order_counts`.
    private func storeWideCounts() async throws -> OrderCounts {
        let rows = try await client.queryWhileOpen("SELECT bucket, count FROM order_counts", logger: logger)
        var counts: [OrderFilter: Int] = [.all: 0, .needsAttention: 0]
        for (name, count) in try await rows.readAll({ (try $0.value("bucket", as: String.self), try $0.int("count")) }) {
            if name.hasPrefix("status:"), let status = OrderStatus(rawValue: String(name.dropFirst(7))) {
                counts[.status(status)] = count
                counts[.all, default: 0] += count
            } else if name.hasPrefix("issue:"), let kind = IssueKind(rawValue: String(name.dropFirst(6))) {
                counts[.issue(kind)] = count
                counts[.needsAttention, default: 0] += count
            }
        }
        return OrderCounts(counts: counts)
    }

    /// Every tab's count of a search, from one pass over no more than `countedMatches` of its matches. A search
    /// matching no more than a count shows is counted whole; past that, each tab's count is among the first matches
    /// only and shown as "at least", as on SQLite.
    private func searchCounts(_ match: OrderSearchMatch) async throws -> OrderCounts {
        var query = QueryText()
        let condition = match.condition(&query)
        let counted = OrderSearchMatch.countedMatches
        let sql = """
            SELECT status, issue_kind, count(*) AS n, min(number) AS number FROM (
                SELECT status, issue_kind, number FROM orders WHERE \(condition) LIMIT \(query.bind(counted))
            ) AS matches GROUP BY status, issue_kind
            """
        query.append(sql)
        let byState = try await client.queryWhileOpen(query.query, logger: logger).readAll { row in
            // A damaged status is named by the first order that holds it.
            let number = try row.int("number")
            return (
                status: try row.code("status", as: OrderStatus.self, table: "orders", orderNumber: number),
                issue: try row.optionalCode("issue_kind", as: IssueKind.self, table: "orders", orderNumber: number),
                count: try row.int("n")
            )
        }
        let counts = OrderCounts.tally(byState)
        guard counts[.all, default: 0] >= counted else { return OrderCounts(counts: counts) }
        return OrderCounts(counts: counts, limit: OrderSearch.countLimit)
    }

    static func conditions(filter: OrderFilter, _ query: inout QueryText) -> [String] {
        switch filter {
        case .all: []
        case .needsAttention: ["issue_kind IS NOT NULL"]
        case .issue(let kind): ["issue_kind = \(query.bind(kind.rawValue))"]
        case .status(let status): ["status = \(query.bind(status.rawValue))"]
        }
    }
}
