import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// The order row numbered `number`, locked `FOR UPDATE` until the transaction ends: every order write takes it
    /// before reading anything else of the order, so two writes to one order run one after the other.
    static func lockedOrder(number: Int, on connection: PostgresConnection, logger: Logger) async throws -> OrderRow? {
        try await order(
            "SELECT \(unescaped: OrderRow.columns) FROM orders WHERE number = \(number) FOR UPDATE",
            on: connection, logger: logger)
    }

    /// The order row numbered `number`, unlocked (for reads and for the webhook body written after a change).
    static func order(number: Int, on connection: PostgresConnection, logger: Logger) async throws -> OrderRow? {
        try await order(
            "SELECT \(unescaped: OrderRow.columns) FROM orders WHERE number = \(number)",
            on: connection, logger: logger)
    }

    private static func order(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> OrderRow? {
        for try await row in try await connection.queryWhileOpen(query, logger: logger) {
            return try OrderRow(row)
        }
        return nil
    }

    /// The order's lines, in the order they were written.
    static func lines(of order: OrderRow, on connection: PostgresConnection, logger: Logger) async throws -> [LineItem] {
        let rows = try await connection.queryWhileOpen(
            """
            SELECT sku, name, quantity, unit_price_minor, refunded_quantity FROM line_items
            WHERE order_id = \(order.id) ORDER BY id
            """,
            logger: logger)
        var lines: [LineItem] = []
        for try await (sku, name, quantity, unitPrice, refunded) in rows.decode((String, String, Int, Int64, Int).self) {
            lines.append(
                LineItem(
                    sku: sku, name: name, quantity: quantity, unitPrice: order.money(unitPrice), refundedQuantity: refunded))
        }
        return lines
    }

    /// The order with its money rows and the shelf stock of its lines, read inside the writing transaction (after
    /// `lockedOrder`, so nothing of the order changes under it).
    static func snapshot(of record: OrderRow, on connection: PostgresConnection, logger: Logger) async throws -> OrderSnapshot {
        let lines = try await lines(of: record, on: connection, logger: logger)

        var payments: [PaymentRow] = []
        let paymentRows = try await connection.queryWhileOpen(
            "SELECT id, kind, amount_minor, status, idempotency_key FROM payments WHERE order_id = \(record.id) ORDER BY id",
            logger: logger)
        for try await row in paymentRows {
            let row = row.makeRandomAccess()
            do {
                payments.append(
                    PaymentRow(
                        kind: try row.code("kind", table: "payments"), amount: record.money(try row.value("amount_minor")),
                        state: try row.code("status", table: "payments"), idempotencyKey: try row.value("idempotency_key")))
            } catch let damaged as CorruptRow {
                throw damaged.located(table: "payments", key: try? row.value("id"), orderNumber: record.number)
            }
        }

        var refunds: [RefundRow] = []
        let refundRows = try await connection.queryWhileOpen(
            "SELECT id, amount_minor, status, idempotency_key FROM refunds WHERE order_id = \(record.id) ORDER BY id",
            logger: logger)
        for try await row in refundRows {
            let row = row.makeRandomAccess()
            do {
                refunds.append(
                    RefundRow(
                        id: try row.value("id"), amount: record.money(try row.value("amount_minor")),
                        state: try row.code("status", table: "refunds"), idempotencyKey: try row.value("idempotency_key")))
            } catch let damaged as CorruptRow {
                throw damaged.located(table: "refunds", key: try? row.value("id"), orderNumber: record.number)
            }
        }

        let skus = Array(Set(lines.map(\.sku))).sorted()
        var onHand: [String: Int] = [:]
        let stockRows = try await connection.queryWhileOpen(
            "SELECT sku, on_hand FROM stock_levels WHERE sku = ANY(\(skus))", logger: logger)
        for try await (sku, units) in stockRows.decode((String, Int).self) where onHand[sku] == nil {
            onHand[sku] = units
        }

        func sum(_ amounts: [Money]) -> Int64 { amounts.reduce(0) { $0 + $1.minorUnits } }
        let order = record.order(
            lines: lines,
            refunded: sum(refunds.filter { $0.state == .succeeded }.map(\.amount)),
            pendingRefunds: sum(refunds.filter { $0.state == .pending }.map(\.amount)),
            // A charge or a capture on its way to the provider: money may be taken at any moment.
            pendingCharges: sum(payments.filter { [.charge, .capture].contains($0.kind) && $0.state == .pending }.map(\.amount)),
            failedRefunds: sum(refunds.filter { $0.state == .failed }.map(\.amount)))
        return OrderSnapshot(order: order, payments: payments, refunds: refunds, onHand: onHand)
    }
}
