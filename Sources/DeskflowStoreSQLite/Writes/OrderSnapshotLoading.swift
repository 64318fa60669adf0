import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The order with its money rows and the shelf stock of its lines, read inside the writing transaction.
    static func snapshot(of record: OrderRecord, _ db: Database) throws -> OrderSnapshot {
        let orderID = record.id!
        let currency = record.currency
        let lines = try LineItemRecord.filter(Column("order_id") == orderID).order(Column("id")).fetchAll(db)
        let payments = try PaymentRecord.filter(Column("order_id") == orderID).order(Column("id")).fetchAll(db).map { row in
            PaymentRow(
                kind: row.kind, amount: Money(minorUnits: row.amountMinor, currency: currency), state: row.status,
                idempotencyKey: row.idempotencyKey)
        }
        let refunds = try RefundRecord.filter(Column("order_id") == orderID).order(Column("id")).fetchAll(db).map { row in
            RefundRow(
                id: row.id!, amount: Money(minorUnits: row.amountMinor, currency: currency), state: row.status,
                idempotencyKey: row.idempotencyKey)
        }
        let skus = Array(Set(lines.map(\.sku))).sorted()
        let onHand = try Dictionary(
            Row.fetchAll(db, sql: "SELECT sku, on_hand FROM stock_levels WHERE sku IN (\(skus.map { _ in "?" }.joined(separator: ",")))",
                         arguments: StatementArguments(skus)).map { ($0["sku"] as String, $0["on_hand"] as Int) },
            uniquingKeysWith: { first, _ in first })
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
