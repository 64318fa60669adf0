import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    public func orderDetail(number: Int) async throws -> OrderDetail? {
        try await pool.read { db in
            guard let record = try OrderRecord.filter(Column("number") == number).fetchOne(db) else { return nil }
            return try Self.onOrder(number) {
                let order = try Self.order(from: record, db)
                let refunds = try RefundRecord.filter(Column("order_id") == record.id).order(Column("id")).fetchAll(db)
                let events = try OrderEventRecord.filter(Column("order_id") == record.id)
                    .order(Column("created_at").desc, Column("id").desc).fetchAll(db)
                return OrderDetail(
                    order: order,
                    refunds: refunds.map { refund in
                        RefundSummary(
                            id: refund.id ?? 0, amount: record.money(refund.amountMinor), state: refund.status,
                            failureMessage: refund.failureMessage, requestedAt: refund.createdAt, reason: refund.reason,
                            note: refund.note)
                    },
                    events: events.map { event in
                        OrderEvent(
                            kind: event.kind, actor: event.actor, summary: event.summary,
                            amount: event.amountMinor.map(record.money), occurredAt: event.createdAt)
                    })
            }
        }
    }

    /// Runs `body`, which reads the rows of order `number`: a damaged one is reported as belonging to that order.
    static func onOrder<Value>(_ number: Int, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let damaged as CorruptRow {
            throw damaged.onOrder(number)
        }
    }

    /// The domain order for a record, with its lines and refund totals. Used by reads and inside write transactions.
    static func order(from record: OrderRecord, _ db: Database) throws -> Order {
        let lines = try LineItemRecord.filter(Column("order_id") == record.id).order(Column("id")).fetchAll(db)
        let sums = try Row.fetchOne(db, sql: """
            SELECT COALESCE(SUM(CASE WHEN status = 'succeeded' THEN amount_minor END), 0) AS refunded,
                   COALESCE(SUM(CASE WHEN status = 'pending' THEN amount_minor END), 0) AS pending,
                   COALESCE(SUM(CASE WHEN status = 'failed' THEN amount_minor END), 0) AS failed
            FROM refunds WHERE order_id = ?
            """, arguments: [record.id])
        // A charge or a capture on its way to the provider: money may be taken at any moment.
        let pendingCharges = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE order_id = ? AND kind IN ('charge', 'capture') AND status = 'pending'",
            arguments: [record.id]) ?? 0
        return record.order(
            lines: lines, refunded: sums?["refunded"] ?? 0, pendingRefunds: sums?["pending"] ?? 0, pendingCharges: pendingCharges,
            failedRefunds: sums?["failed"] ?? 0)
    }
}
