import DeskflowStore
import GRDB

extension Simulation {
    /// Every simulated payment against the simulated provider's ledger: what `deskflow check` adds to the store's own
    /// invariants. Payments Stripe moves, or that were taken by hand, are not in this ledger and are left out.
    /// Reported as the store reports its problems, `money` for a disagreement and `duplicated` for charges taken twice.
    public func ledgerProblems() async throws -> [StoreProblem] {
        try await books.ledgerProblems()
    }
}

/// The checks on SQLite (`PostgresLedgerProblems` are their twins). They read Deskflow's orders, payments and refunds as they stand, the way a provider's reconciliation report
/// is read against a shop's books, and write nothing.
enum LedgerProblems {
    /// Deskflow's payments and refunds against what the provider's own ledger says it did, key by key.
    static func disagreements(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT o.number, o.captured_minor, COALESCE(g.taken, 0) AS taken FROM orders o
            LEFT JOIN (SELECT order_number, SUM(amount_minor) AS taken FROM gateway_transactions
                       WHERE kind IN ('capture', 'charge') AND succeeded GROUP BY order_number) g ON g.order_number = o.number
            WHERE o.payment_provider = 'simulated' AND o.captured_minor != COALESCE(g.taken, 0)
              AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND (p.kind = 'external' OR p.status = 'pending'))
            ORDER BY o.number
            """)
        {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(row["number"] as Int): Deskflow shows \(row["captured_minor"] as Int64) captured, "
                    + "the payment provider \(row["taken"] as Int64)"))
        }
        for (table, kinds) in [("refunds", "'refund'"), ("payments", "'charge', 'void', 'capture'")] {
            for row in try Row.fetchAll(db, sql: """
                SELECT g.idempotency_key AS key, g.kind, g.succeeded, t.status FROM gateway_transactions g
                LEFT JOIN \(table) t ON t.idempotency_key = g.idempotency_key
                WHERE g.kind IN (\(kinds)) AND g.is_final
                  AND (t.status IS NULL OR (g.succeeded AND t.status NOT IN ('succeeded', 'pending'))
                       OR (NOT g.succeeded AND t.status = 'succeeded'))
                ORDER BY g.idempotency_key
                """)
            {
                let kind: String = row["kind"]
                let key: String = row["key"]
                if let status: String = row["status"] {
                    let provider = (row["succeeded"] as Bool) ? "succeeded" : "failed"
                    problems.append(StoreProblem(
                        kind: .money, detail: "\(kind) \(key): the payment provider says \(provider), Deskflow says \(status)"))
                } else {
                    problems.append(StoreProblem(
                        kind: .money, detail: "the payment provider made a \(kind) under key \(key) that Deskflow has no record of"))
                }
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT r.idempotency_key AS key, o.number FROM refunds r JOIN orders o ON o.id = r.order_id
            LEFT JOIN gateway_transactions g ON g.idempotency_key = r.idempotency_key
            WHERE o.payment_provider = 'simulated' AND r.status = 'succeeded' AND g.idempotency_key IS NULL
              AND COALESCE(r.gateway_reference, '') NOT LIKE 'external:%'
            ORDER BY r.id
            """)
        {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(row["number"] as Int): refund \(row["key"] as String) is recorded as made, "
                    + "but the payment provider never made it"))
        }
        return problems
    }

    /// More taken for an order than it costs: a charge or capture made twice.
    static func duplicatedCharges(_ db: Database) throws -> [StoreProblem] {
        try Row.fetchAll(db, sql: """
            SELECT g.order_number AS number, COUNT(*) AS n FROM gateway_transactions g JOIN orders o ON o.number = g.order_number
            WHERE g.kind IN ('capture', 'charge') AND g.succeeded GROUP BY g.order_number
            HAVING SUM(g.amount_minor) > MAX(o.total_minor)
            ORDER BY 1
            """).map { row in
            StoreProblem(
                kind: .duplicated, detail: "order #\(row["number"] as Int): \(row["n"] as Int) charges adding up to more than its total")
        }
    }
}
