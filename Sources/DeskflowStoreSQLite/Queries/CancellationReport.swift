import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The cancellations recorded from `start` (included) up to `end` (excluded), newest first, at most `limit`
    /// rows; the counts and the refunded total cover the whole period.
    ///
    /// A cancellation's refund is the latest refund without a refund reason on its order requested at or after the
    /// cancellation: the cancellation writes it in the same transaction, and a retry keeps the same refund row.
    /// Refunds made later from the refund dialog carry a reason; the report adds those confirmed to the cancellation.
    public func cancellationReport(from start: Date, to end: Date, limit: Int) async throws -> CancellationReport {
        try await pool.read { db in
            let linked: SQL = """
                SELECT c.*, o.number AS order_number,
                       CASE WHEN c.refund_minor > 0 THEN (
                           SELECT r.id FROM refunds r
                           WHERE r.order_id = c.order_id AND r.created_at >= c.created_at AND r.reason IS NULL
                           ORDER BY r.id DESC LIMIT 1
                       ) END AS refund_id,
                       (
                           SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r
                           WHERE r.order_id = c.order_id AND r.created_at >= c.created_at AND r.reason IS NOT NULL
                             AND r.status = 'succeeded'
                       ) AS refunded_later
                FROM cancellations c JOIN orders o ON o.id = c.order_id
                WHERE c.created_at >= \(start) AND c.created_at < \(end)
                """
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT l.*, r.status AS refund_status
                FROM (\(linked)) l LEFT JOIN refunds r ON r.id = l.refund_id
                ORDER BY l.created_at DESC, l.id DESC
                LIMIT \(max(limit, 0))
                """))
            let counts = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT reason, COUNT(*) AS count FROM cancellations
                WHERE created_at >= \(start) AND created_at < \(end)
                GROUP BY reason
                """))
            let refunded = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT l.currency,
                       SUM(CASE WHEN r.status = 'succeeded' THEN r.amount_minor ELSE 0 END + l.refunded_later) AS refunded
                FROM (\(linked)) l LEFT JOIN refunds r ON r.id = l.refund_id
                GROUP BY l.currency HAVING refunded > 0 ORDER BY l.currency
                """))
            let tallies = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT l.id, l.order_number, l.created_at, l.reason, l.currency,
                       CASE WHEN r.status = 'succeeded' THEN r.amount_minor ELSE 0 END + l.refunded_later AS refunded
                FROM (\(linked)) l LEFT JOIN refunds r ON r.id = l.refund_id
                """))

            var byReason = Dictionary(uniqueKeysWithValues: CancelReason.allCases.map { ($0, 0) })
            for row in counts {
                let reason = try row.stored("reason", as: CancelReason.self, table: "cancellations")
                byReason[reason, default: 0] += row["count"] as Int
            }
            return CancellationReport(
                rows: try rows.map(Self.cancellationReportRow),
                totalCount: byReason.values.reduce(0, +),
                byReason: CancelReason.allCases.map { CancellationReport.ReasonCount(reason: $0, count: byReason[$0] ?? 0) },
                refunded: try refunded.map {
                    Money(minorUnits: $0["refunded"], currency: try $0.stored("currency", table: "cancellations"))
                },
                tallies: try tallies.map(Self.cancellationTally))
        }
    }

    private static func cancellationTally(_ row: Row) throws -> CancellationTally {
        let key = "\(row["id"] as Int64)"
        let number: Int = row["order_number"]
        let currency: Currency = try row.stored("currency", table: "cancellations", key: key, orderNumber: number)
        return CancellationTally(
            cancelledAt: row["created_at"],
            reason: try row.stored("reason", table: "cancellations", key: key, orderNumber: number),
            refunded: Money(minorUnits: row["refunded"], currency: currency))
    }

    /// A reason, currency or refund state this version does not know is reported as damage, not read as another.
    private static func cancellationReportRow(_ row: Row) throws -> CancellationReport.Row {
        let key = "\(row["id"] as Int64)"
        let number: Int = row["order_number"]
        let currency: Currency = try row.stored("currency", table: "cancellations", key: key, orderNumber: number)
        let refundID: Int64? = row["refund_id"]
        return CancellationReport.Row(
            orderNumber: number, cancelledAt: row["created_at"],
            reason: try row.stored("reason", table: "cancellations", key: key, orderNumber: number),
            note: row["note"], refund: Money(minorUnits: row["refund_minor"], currency: currency),
            refundState: try row.stored(
                "refund_status", table: "refunds", tableColumn: "status", key: refundID.map { "\($0)" },
                orderNumber: number),
            voided: Money(minorUnits: row["void_minor"], currency: currency),
            restocked: row["restocked"], notified: row["notified"], staffName: row["staff_name"],
            refundedLater: Money(minorUnits: row["refunded_later"], currency: currency))
    }
}
