import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// A page of orders, newest first (the attention queue: oldest failure first). Keyset pagination: the cursor's
    /// position is looked up, never an OFFSET.
    public func listOrders(_ request: OrderListRequest) async throws -> OrderListPage {
        try await client.withSnapshot(logger: logger) { connection in
            var query = QueryText()
            var conditions = Self.conditions(filter: request.filter, &query)
            if let search = request.search {
                conditions.append(OrderSearchMatch(search).condition(&query))
            }
            // The attention queue runs oldest failure first; every other list runs newest order first.
            let queue = request.filter.isAttentionQueue
            let sortColumn = queue ? "issue_since" : "placed_at"
            if let after = request.after {
                // An order with no open issue has no place in the queue to continue from.
                let rows = try await connection.queryWhileOpen(
                    "SELECT \(unescaped: sortColumn) IS NOT NULL AS placed FROM orders WHERE number = \(after)",
                    logger: logger)
                guard try await rows.readAll({ try $0.value("placed", as: Bool.self) }).first == true else {
                    throw OrderListError.unknownCursor
                }
                // The cursor's position is compared inside the statement, so the timestamp is never read into a
                // `Date` and bound back, which could move it by a microsecond. A row of two scalar subqueries (not
                // one row subquery) is a comparison the list's index can seek to.
                let cursor = query.bind(after)
                let position = "((SELECT \(sortColumn) FROM orders WHERE number = \(cursor)), " +
                    "(SELECT id FROM orders WHERE number = \(cursor)))"
                conditions.append("(\(sortColumn), id) \(queue ? ">" : "<") \(position)")
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let order = queue ? "issue_since ASC, id ASC" : "placed_at DESC, id DESC"
            let limit = query.bind(request.limit + 1)
            query.append("SELECT \(OrderRow.columns) FROM orders \(whereClause) ORDER BY \(order) LIMIT \(limit)")
            let orders = try await connection.queryWhileOpen(query.query, logger: logger).readAll(OrderRow.init)
            let page = Array(orders.prefix(request.limit))
            let failedRefunds = try await Self.latestFailedRefunds(
                orderIDs: page.filter { $0.issue?.kind == .refundFailed }.map(\.id), connection, logger)
            return OrderListPage(
                orders: page.map { order in
                    var summary = order.summary
                    summary.failedRefundID = failedRefunds[order.id]
                    return summary
                },
                nextCursor: orders.count > request.limit ? page.last?.number : nil)
        }
    }

    /// The latest failed refund of each order, for the queue's Retry refund button.
    private static func latestFailedRefunds(
        orderIDs: [Int64], _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [Int64: Int64] {
        guard !orderIDs.isEmpty else { return [:] }
        let rows = try await connection.queryWhileOpen("""
            SELECT order_id, max(id) AS refund_id FROM refunds
            WHERE status = 'failed' AND order_id = ANY(\(orderIDs)) GROUP BY order_id
            """, logger: logger)
        var refunds: [Int64: Int64] = [:]
        for (orderID, refundID) in try await rows.readAll({ (try $0.value("order_id", as: Int64.self), try $0.value("refund_id", as: Int64.self)) }) {
            refunds[orderID] = refundID
        }
        return refunds
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
        var counts: [OrderFilter: Int] = [:]
        for filter in OrderFilter.allCases {
            counts[filter] = byState.filter { filter.includes(status: $0.status, issue: $0.issue) }.map(\.count).reduce(0, +)
        }
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
