import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// The cancellations recorded from `start` (included) up to `end` (excluded), newest first, at most `limit`
    /// rows; the counts and the refunded total cover the whole period.
    ///
    /// As on SQLite: a cancellation's refund is the latest refund without a refund reason on its order requested at
    /// or after the cancellation; refunds made later from the refund dialog carry a reason, and the report adds those
    /// confirmed to the cancellation.
    public func cancellationReport(from start: Date, to end: Date, limit: Int) async throws -> CancellationReport {
        try await client.withSnapshot(logger: logger) { connection in
            /// The period's cancellations with their refunds, as a `FROM` item named `l` joined to its refund `r`.
            func linked(_ query: inout QueryText) -> String {
                let from = query.bind(start)
                let to = query.bind(end)
                return """
                    (
                        SELECT c.*, o.number AS order_number,
                               CASE WHEN c.refund_minor > 0 THEN (
                                   SELECT r.id FROM refunds r
                                   WHERE r.order_id = c.order_id AND r.created_at >= c.created_at AND r.reason IS NULL
                                   ORDER BY r.id DESC LIMIT 1
                               ) END AS refund_id,
                               (
                                   SELECT COALESCE(SUM(r.amount_minor), 0)::bigint FROM refunds r
                                   WHERE r.order_id = c.order_id AND r.created_at >= c.created_at
                                     AND r.reason IS NOT NULL AND r.status = 'succeeded'
                               ) AS refunded_later
                        FROM cancellations c JOIN orders o ON o.id = c.order_id
                        WHERE c.created_at >= \(from) AND c.created_at < \(to)
                    ) l LEFT JOIN refunds r ON r.id = l.refund_id
                    """
            }
            let refundedExpression = "(CASE WHEN r.status = 'succeeded' THEN r.amount_minor ELSE 0 END + l.refunded_later)"

            var rowsQuery = QueryText()
            let rowsSQL = """
                SELECT l.*, r.status AS refund_status FROM \(linked(&rowsQuery))
                ORDER BY l.created_at DESC, l.id DESC LIMIT \(rowsQuery.bind(max(limit, 0)))
                """
            rowsQuery.append(rowsSQL)
            let rows = try await connection.queryWhileOpen(rowsQuery.query, logger: logger).readAll(Self.cancellationReportRow)

            let counts = try await connection.queryWhileOpen("""
                SELECT reason, count(*) AS count FROM cancellations
                WHERE created_at >= \(start) AND created_at < \(end) GROUP BY reason
                """, logger: logger
            ).readAll { row in
                (try row.code("reason", as: CancelReason.self, table: "cancellations"), try row.int("count"))
            }

            var refundedQuery = QueryText()
            let refundedSQL = """
                SELECT l.currency, SUM\(refundedExpression)::bigint AS refunded FROM \(linked(&refundedQuery))
                GROUP BY l.currency HAVING SUM\(refundedExpression) > 0 ORDER BY l.currency
                """
            refundedQuery.append(refundedSQL)
            let refunded = try await connection.queryWhileOpen(refundedQuery.query, logger: logger).readAll { row in
                Money(
                    minorUnits: try row.value("refunded"), currency: try row.currency("currency", table: "cancellations"))
            }

            var talliesQuery = QueryText()
            let talliesSQL = """
                SELECT l.id, l.order_number, l.created_at, l.reason, l.currency, \(refundedExpression) AS refunded
                FROM \(linked(&talliesQuery))
                """
            talliesQuery.append(talliesSQL)
            let tallies = try await connection.queryWhileOpen(talliesQuery.query, logger: logger).readAll(Self.cancellationTally)

            var byReason = Dictionary(uniqueKeysWithValues: CancelReason.allCases.map { ($0, 0) })
            for (reason, count) in counts { byReason[reason, default: 0] += count }
            return CancellationReport(
                rows: rows,
                totalCount: byReason.values.reduce(0, +),
                byReason: CancelReason.allCases.map {
                    CancellationReport.ReasonCount(reason: $0, count: byReason[$0] ?? 0)
                },
                refunded: refunded,
                tallies: tallies)
        }
    }

    private static func cancellationTally(_ row: PostgresRandomAccessRow) throws -> CancellationTally {
        let key = "\(try row.value("id", as: Int64.self))"
        let number = try row.int("order_number")
        let currency = try row.currency("currency", table: "cancellations", key: key, orderNumber: number)
        return CancellationTally(
            cancelledAt: try row.value("created_at"),
            reason: try row.code("reason", table: "cancellations", key: key, orderNumber: number),
            refunded: Money(minorUnits: try row.value("refunded"), currency: currency))
    }

    /// A reason, currency or refund state this version does not know is reported as damage, not read as another.
    private static func cancellationReportRow(_ row: PostgresRandomAccessRow) throws -> CancellationReport.Row {
        let key = "\(try row.value("id", as: Int64.self))"
        let number = try row.int("order_number")
        let currency = try row.currency("currency", table: "cancellations", key: key, orderNumber: number)
        let refundID = try row.value("refund_id", as: Int64?.self)
        var refundState: RefundSummary.State?
        if let status = try row.value("refund_status", as: String?.self) {
            guard let state = RefundSummary.State(rawValue: status) else {
                throw CorruptRow(
                    table: "refunds", column: "status", value: status, key: refundID.map { "\($0)" }, orderNumber: number)
            }
            refundState = state
        }
        return CancellationReport.Row(
            orderNumber: number, cancelledAt: try row.value("created_at"),
            reason: try row.code("reason", table: "cancellations", key: key, orderNumber: number),
            note: try row.value("note"), refund: Money(minorUnits: try row.value("refund_minor"), currency: currency),
            refundState: refundState,
            voided: Money(minorUnits: try row.value("void_minor"), currency: currency),
            restocked: try row.value("restocked"), notified: try row.value("notified"),
            staffName: try row.value("staff_name"),
            refundedLater: Money(minorUnits: try row.value("refunded_later"), currency: currency))
    }
}
