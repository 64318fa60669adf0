import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Refunds, voids, charges and captures recorded as pending whose outcome was never recorded (the process stopped
    /// in between, or the provider did not answer). `createdBefore` keeps to calls older than that moment: ones no
    /// request is still waiting on. Refunds first, then voids, charges and captures, each oldest first, as on SQLite.
    public func pendingPaymentCalls(createdBefore: Date?) async throws -> [PaymentCall] {
        try await client.withSnapshot(logger: logger) { connection in
            var calls: [PaymentCall] = []
            for kind in PaymentCall.Kind.allCases {
                let table = kind == .refund ? "refunds" : "payments"
                var query = QueryText()
                var conditions = ["c.status = 'pending'"]
                if kind != .refund { conditions.append("c.kind = \(query.bind(kind.rawValue))") }
                if let createdBefore { conditions.append("c.created_at < \(query.bind(createdBefore))") }
                let sql = """
                    SELECT c.amount_minor, c.idempotency_key, o.number, o.currency, o.payment_brand, o.payment_last4,
                        o.payment_provider, o.payment_reference, o.payment_method_reference
                    FROM \(table) c JOIN orders o ON o.id = c.order_id
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY c.id
                    """
                query.append(sql)
                calls += try await connection.queryWhileOpen(query.query, logger: logger).readAll { row in
                    try Self.paymentCall(row, kind)
                }
            }
            return calls
        }
    }

    private static func paymentCall(_ row: PostgresRandomAccessRow, _ kind: PaymentCall.Kind) throws -> PaymentCall {
        let number = try row.int("number")
        let brand = try row.value("payment_brand", as: String?.self)
        let last4 = try row.value("payment_last4", as: String?.self)
        let currency = try row.currency("currency", table: "orders", orderNumber: number)
        let source = PaymentSource(
            provider: try row.code("payment_provider", table: "orders", orderNumber: number),
            reference: try row.value("payment_reference"),
            method: brand.flatMap { brand in last4.map { PaymentMethod(brand: brand, last4: $0) } },
            methodReference: try row.value("payment_method_reference"))
        return PaymentCall(
            kind: kind, orderNumber: number, amount: Money(minorUnits: try row.value("amount_minor"), currency: currency),
            idempotencyKey: try row.value("idempotency_key"), source: source)
    }
}
