import DeskflowStore
import Logging
import PostgresNIO

/// `LedgerProblems` on PostgreSQL: the same checks, the same words, in the same order, read in one REPEATABLE READ
/// snapshot so the provider's ledger and Deskflow's rows are seen as they stood at one moment. Keys sort as SQLite
/// sorts them (`COLLATE "C"`), so both engines list the same damage alike.
enum PostgresLedgerProblems {
    static func check(_ client: PostgresClient, logger: Logger) async throws -> [StoreProblem] {
        try await client.withConnection { connection in
            try await connection.perform("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let problems = try await disagreements(connection, logger: logger)
                    + duplicatedCharges(connection, logger: logger)
                try await connection.perform("COMMIT", logger: logger)
                return problems
            } catch {
                try? await connection.perform("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Deskflow's payments and refunds against what the provider's own ledger says it did, key by key.
    static func disagreements(_ connection: PostgresConnection, logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let captures = try await connection.queryWhileOpen(
            """
            SELECT o.number, o.captured_minor, COALESCE(g.taken, 0)::bigint AS taken FROM orders o
            LEFT JOIN (SELECT order_number, SUM(amount_minor) AS taken FROM gateway_transactions
                       WHERE kind IN ('capture', 'charge') AND succeeded GROUP BY order_number) g ON g.order_number = o.number
            WHERE o.payment_provider = 'simulated' AND o.captured_minor != COALESCE(g.taken, 0)
              AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND (p.kind = 'external' OR p.status = 'pending'))
            ORDER BY o.number
            """,
            logger: logger)
        for try await (number, captured, taken) in captures.decode((Int, Int64, Int64).self) {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(number): Deskflow shows \(captured) captured, the payment provider \(taken)"))
        }
        for (table, kinds) in [("refunds", "'refund'"), ("payments", "'charge', 'void', 'capture'")] {
            let calls = try await connection.queryWhileOpen(
                """
                SELECT g.idempotency_key, g.kind, g.succeeded, t.status FROM gateway_transactions g
                LEFT JOIN \(unescaped: table) t ON t.idempotency_key = g.idempotency_key
                WHERE g.kind IN (\(unescaped: kinds)) AND g.is_final
                  AND (t.status IS NULL OR (g.succeeded AND t.status NOT IN ('succeeded', 'pending'))
                       OR (NOT g.succeeded AND t.status = 'succeeded'))
                ORDER BY g.idempotency_key COLLATE "C"
                """,
                logger: logger)
            for try await (key, kind, succeeded, status) in calls.decode((String, String, Bool, String?).self) {
                if let status {
                    let provider = succeeded ? "succeeded" : "failed"
                    problems.append(StoreProblem(
                        kind: .money, detail: "\(kind) \(key): the payment provider says \(provider), Deskflow says \(status)"))
                } else {
                    problems.append(StoreProblem(
                        kind: .money, detail: "the payment provider made a \(kind) under key \(key) that Deskflow has no record of"))
                }
            }
        }
        let refunds = try await connection.queryWhileOpen(
            """
            SELECT r.idempotency_key, o.number FROM refunds r JOIN orders o ON o.id = r.order_id
            LEFT JOIN gateway_transactions g ON g.idempotency_key = r.idempotency_key
            WHERE o.payment_provider = 'simulated' AND r.status = 'succeeded' AND g.idempotency_key IS NULL
              AND COALESCE(r.gateway_reference, '') NOT LIKE 'external:%'
            ORDER BY r.id
            """,
            logger: logger)
        for try await (key, number) in refunds.decode((String, Int).self) {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(number): refund \(key) is recorded as made, but the payment provider never made it"))
        }
        return problems
    }

    /// More taken for an order than it costs: a charge or capture made twice.
    static func duplicatedCharges(_ connection: PostgresConnection, logger: Logger) async throws -> [StoreProblem] {
        let rows = try await connection.queryWhileOpen(
            """
            SELECT g.order_number, COUNT(*) FROM gateway_transactions g JOIN orders o ON o.number = g.order_number
            WHERE g.kind IN ('capture', 'charge') AND g.succeeded GROUP BY g.order_number
            HAVING SUM(g.amount_minor) > MAX(o.total_minor)
            ORDER BY 1
            """,
            logger: logger)
        var problems: [StoreProblem] = []
        for try await (number, count) in rows.decode((Int, Int).self) {
            problems.append(StoreProblem(
                kind: .duplicated, detail: "order #\(number): \(count) charges adding up to more than its total"))
        }
        return problems
    }
}
