import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Refunds, voids, charges and captures recorded as pending whose outcome was never recorded (the process stopped
    /// in between, or the provider did not answer). `createdBefore` keeps to calls older than that moment: ones no
    /// request is still waiting on.
    public func pendingPaymentCalls(createdBefore: Date? = nil) async throws -> [PaymentCall] {
        try await pool.read { db in
            func olderOnly(_ table: String) -> String { createdBefore == nil ? "" : " AND \(table).created_at < :before" }
            let arguments: StatementArguments = createdBefore.map { ["before": $0] } ?? [:]
            let refunds = try Row.fetchAll(db, sql: """
                SELECT r.amount_minor, r.idempotency_key, o.number, o.currency, o.payment_brand, o.payment_last4,
                    o.payment_provider, o.payment_reference, o.payment_method_reference
                FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.status = 'pending'\(olderOnly("r")) ORDER BY r.id
                """, arguments: arguments)
            func payments(_ kind: PaymentKind) throws -> [Row] {
                try Row.fetchAll(db, sql: """
                    SELECT p.amount_minor, p.idempotency_key, o.number, o.currency, o.payment_brand, o.payment_last4,
                    o.payment_provider, o.payment_reference, o.payment_method_reference
                    FROM payments p JOIN orders o ON o.id = p.order_id
                    WHERE p.status = 'pending' AND p.kind = '\(kind.rawValue)'\(olderOnly("p")) ORDER BY p.id
                    """, arguments: arguments)
            }
            func call(_ row: Row, _ kind: PaymentCall.Kind) throws -> PaymentCall {
                let brand: String? = row["payment_brand"]
                let last4: String? = row["payment_last4"]
                let currency: Currency = try row.stored("currency", table: "orders", orderNumber: row["number"])
                let provider: PaymentProvider = try row.stored("payment_provider", table: "orders", orderNumber: row["number"])
                let source = PaymentSource(
                    provider: provider, reference: row["payment_reference"],
                    method: brand.flatMap { brand in last4.map { PaymentMethod(brand: brand, last4: $0) } },
                    methodReference: row["payment_method_reference"])
                return PaymentCall(
                    kind: kind, orderNumber: row["number"],
                    amount: Money(minorUnits: row["amount_minor"], currency: currency),
                    idempotencyKey: row["idempotency_key"], source: source)
            }
            return try refunds.map { try call($0, .refund) } + payments(.void).map { try call($0, .void) }
                + payments(.charge).map { try call($0, .charge) } + payments(.capture).map { try call($0, .capture) }
        }
    }
}
