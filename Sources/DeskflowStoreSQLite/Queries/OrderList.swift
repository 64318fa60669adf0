import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// A page of orders, newest first. Keyset pagination: the cursor's position is looked up, never an OFFSET.
    public func listOrders(_ request: OrderListRequest) async throws -> OrderListPage {
        try await pool.read { db in
            var conditions = Self.conditions(filter: request.filter)
            if let search = request.search {
                let match = OrderSearchMatch(search)
                conditions.append(try match.listCondition(db))
            }
            // The attention queue runs oldest failure first; every other list runs newest order first.
            let queue = request.filter.isAttentionQueue
            let sortColumn: SQL = queue ? "issue_since" : "placed_at"
            if let after = request.after {
                guard let position = try Row.fetchOne(
                    db, SQLRequest<Row>(literal: "SELECT \(sortColumn) AS position, id FROM orders WHERE number = \(after)"))
                else { throw OrderListError.unknownCursor }
                let value: DatabaseValue = position["position"]
                let id: Int64 = position["id"]
                // An order with no open issue has no place in the queue to continue from.
                if value.isNull { throw OrderListError.unknownCursor }
                conditions.append(queue ? "(issue_since, id) > (\(value), \(id))" : "(placed_at, id) < (\(value), \(id))")
            }
            let whereClause: SQL = conditions.isEmpty ? "" : "WHERE \(conditions.joined(operator: .and))"
            let order: SQL = queue ? "issue_since ASC, id ASC" : "placed_at DESC, id DESC"
            let sql: SQL = "SELECT * FROM orders \(whereClause) ORDER BY \(order) LIMIT \(request.limit + 1)"
            let records = try OrderRecord.fetchAll(db, SQLRequest<OrderRecord>(literal: sql, cached: true))
            let page = Array(records.prefix(request.limit))
            let refundFailedIDs = page.filter { $0.issueKind == .refundFailed }.compactMap(\.id)
            var failedRefunds: [Int64: Int64] = [:]
            if !refundFailedIDs.isEmpty {
                for row in try Row.fetchAll(db, sql: """
                    SELECT order_id, MAX(id) AS refund_id FROM refunds
                    WHERE status = 'failed' AND order_id IN (\(databaseQuestionMarks(count: refundFailedIDs.count))) GROUP BY order_id
                    """, arguments: StatementArguments(refundFailedIDs))
                {
                    failedRefunds[row["order_id"]] = row["refund_id"]
                }
            }
            return OrderListPage(
                orders: page.map { record in
                    var summary = record.summary
                    summary.failedRefundID = record.id.flatMap { failedRefunds[$0] }
                    return summary
                },
                nextCursor: records.count > request.limit ? page.last?.number : nil)
        }
    }

    /// Order counts for every filter tab: store-wide, or among the orders matching a search, counted no further than
    /// `OrderSearchMatch.countedMatches` of them.
    public func countOrders(matching search: OrderSearch? = nil) async throws -> OrderCounts {
        try await pool.read { db in
            guard let search else { return try Self.storeWideCounts(db) }
            return try Self.searchCounts(OrderSearchMatch(search), db)
        }
    }

    /// The counts the triggers keep in `order_counts`.
    private static func storeWideCounts(_ db: Database) throws -> OrderCounts {
        var counts: [OrderFilter: Int] = [.all: 0, .needsAttention: 0]
        for bucket in try OrderCountRecord.fetchAll(db) {
            let (name, count) = (bucket.bucket, bucket.count)
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

    /// Each tab's count from rows of `status, issue_kind, n, number` (the first order in each group).
    private static func tabCounts(_ request: SQLRequest<Row>, _ db: Database) throws -> OrderCounts {
        let byState = try Row.fetchAll(db, request).map { row in
            // A damaged status is named by the first order that holds it.
            let number: Int = row["number"]
            return (
                status: try row.stored("status", table: "orders", orderNumber: number) as OrderStatus,
                issue: try row.stored("issue_kind", table: "orders", orderNumber: number) as IssueKind?,
                count: row["n"] as Int
            )
        }
        return OrderCounts(counts: OrderCounts.tally(byState))
    }

    /// Every tab's count of a search, from one pass over no more than `countedMatches` of its matches, taken the
    /// way its own index gives them. A search matching no more than a count shows is counted whole; past that,
    /// each tab's count is among the first matches only and shown as "at least". Counting each tab up to the limit
    /// instead walked the whole of any tab the search is rare in, which grows with the store.
    private static func searchCounts(_ match: OrderSearchMatch, _ db: Database) throws -> OrderCounts {
        let counted = OrderSearchMatch.countedMatches
        let counts = try tabCounts(SQLRequest<Row>(literal: """
            SELECT status, issue_kind, COUNT(*) AS n, MIN(number) AS number FROM (
                SELECT status, issue_kind, number FROM orders WHERE \(try match.condition(db, .few)) LIMIT \(counted)
            ) GROUP BY status, issue_kind
            """), db)
        guard counts[.all] >= counted else { return counts }
        return OrderCounts(
            counts: Dictionary(uniqueKeysWithValues: OrderFilter.allCases.map { ($0, counts[$0]) }),
            limit: OrderSearch.countLimit)
    }

    static func conditions(filter: OrderFilter) -> [SQL] {
        switch filter {
        case .all: []
        case .needsAttention: ["issue_kind IS NOT NULL"]
        case .issue(let kind): ["issue_kind = \(kind.rawValue)"]
        case .status(let status): ["status = \(status.rawValue)"]
        }
    }
}

extension OrderRecord {
    var summary: OrderSummary {
        OrderSummary(
            number: number, placedAt: placedAt, customerName: customerName, customerEmail: customerEmail,
            total: money(totalMinor), status: status, paymentStatus: paymentStatus, fulfillmentStatus: fulfillmentStatus,
            issue: issue, version: version, failedRefundID: nil)
    }
}
