import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// The order with its refunds (oldest first) and its timeline (newest first), read in one transaction.
    public func orderDetail(number: Int) async throws -> OrderDetail? {
        try await client.withSnapshot(logger: logger) { connection in
            guard let record = try await Self.order(number: number, on: connection, logger: logger) else { return nil }
            do {
                let order = try await Self.snapshot(of: record, on: connection, logger: logger).order

                var refunds: [RefundSummary] = []
                let refundRows = try await connection.queryWhileOpen(
                    """
                    SELECT id, amount_minor, status, failure_message, created_at, reason, note FROM refunds
                    WHERE order_id = \(record.id) ORDER BY id
                    """,
                    logger: logger)
                for try await row in refundRows {
                    let row = row.makeRandomAccess()
                    let id: Int64 = try row.value("id")
                    do {
                        refunds.append(
                            RefundSummary(
                                id: id, amount: record.money(try row.value("amount_minor")), state: try row.code("status", table: "refunds"),
                                failureMessage: try row.value("failure_message"), requestedAt: try row.value("created_at"),
                                reason: try row.optionalCode("reason", as: RefundReason.self, table: "refunds"), note: try row.value("note")))
                    } catch let damaged as CorruptRow {
                        throw damaged.located(table: "refunds", key: id)
                    }
                }

                var events: [OrderEvent] = []
                let eventRows = try await connection.queryWhileOpen(
                    """
                    SELECT id, kind, actor, summary, amount_minor, created_at FROM order_events
                    WHERE order_id = \(record.id) ORDER BY created_at DESC, id DESC
                    """,
                    logger: logger)
                for try await row in eventRows {
                    let row = row.makeRandomAccess()
                    let id: Int64 = try row.value("id")
                    do {
                        events.append(
                            OrderEvent(
                                kind: try row.code("kind", table: "order_events"), actor: try row.value("actor"), summary: try row.value("summary"),
                                amount: try row.value("amount_minor", as: Int64?.self).map(record.money),
                                occurredAt: try row.value("created_at")))
                    } catch let damaged as CorruptRow {
                        throw damaged.located(table: "order_events", key: id)
                    }
                }
                return OrderDetail(order: order, refunds: refunds, events: events)
            } catch let damaged as CorruptRow {
                throw damaged.onOrder(number)
            }
        }
    }
}
