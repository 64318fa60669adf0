import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Every invariant the store keeps, checked over every row whoever wrote it: what `deskflow check` reports. The
    /// same checks as SQLite's, in one snapshot (`withSnapshot`).
    ///
    /// SQLite's first check, `PRAGMA integrity_check`, has no counterpart: PostgreSQL offers no cheap whole-database
    /// check of its files (data checksums are verified as pages are read, `pg_amcheck` is a separate tool needing
    /// its extension), and keeping the files sound is the server's and its operator's duty, not the store's.
    public func storeProblems(now: Date, pendingLimit: TimeInterval) async throws -> [StoreProblem] {
        let limit = now.addingTimeInterval(-pendingLimit).stored
        return try await client.withSnapshot(logger: logger) { connection in
            var problems = try await connection.statusProblems(logger: logger)
            problems += try await connection.stockProblems(logger: logger)
            problems += try await connection.moneyProblems(logger: logger)
            problems += try await connection.pendingProblems(before: limit, logger: logger)
            problems += try await connection.countProblems(logger: logger)
            problems += try await connection.duplicateProblems(logger: logger)
            return problems
        }
    }
}

extension PostgresConnection {
    /// Code columns hold only values this version knows; anything else would be read as something it is not.
    fileprivate func statusProblems(logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for code in CodeColumn.all {
            let values = code.knownValues.map { "'\($0)'" }.joined(separator: ", ")
            let condition = "\(code.column) NOT IN (\(values))" + (code.isNullable ? "" : " OR \(code.column) IS NULL")
            let rows = try await queryWhileOpen(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT \(code.rowName), \(code.column) FROM \(code.table) WHERE \(condition)
                        ORDER BY \(code.table == "orders" ? "number" : code.rowName)
                        """),
                logger: logger)
            for try await (name, value) in rows.decode((String, String?).self) {
                let damaged = CorruptRow(
                    table: code.table, column: code.column, value: value,
                    key: code.table == "orders" ? nil : name, orderNumber: code.table == "orders" ? Int(name) : nil)
                problems.append(StoreProblem(kind: .corrupt, detail: damaged.description))
            }
        }
        return problems
    }

    fileprivate func stockProblems(logger: Logger) async throws -> [StoreProblem] {
        let rows = try await queryWhileOpen(
            """
            SELECT s.sku, s.on_hand, s.committed,
                COALESCE(SUM(l.on_hand_change), 0)::bigint, COALESCE(SUM(l.committed_change), 0)::bigint
            FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku GROUP BY s.sku
            HAVING s.on_hand <> COALESCE(SUM(l.on_hand_change), 0) OR s.committed <> COALESCE(SUM(l.committed_change), 0)
            ORDER BY s.sku COLLATE "C"
            """,
            logger: logger)
        var problems: [StoreProblem] = []
        for try await (sku, onHand, committed, ledgerOnHand, ledgerCommitted)
            in rows.decode((String, Int64, Int64, Int64, Int64).self)
        {
            problems.append(
                StoreProblem(
                    kind: .stock,
                    detail: "SKU \(sku): \(onHand) on hand and \(committed) committed, "
                        + "but its ledger sums to \(ledgerOnHand) and \(ledgerCommitted)"))
        }
        return problems
    }

    fileprivate func moneyProblems(logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let overRefunded = try await queryWhileOpen(
            """
            SELECT o.number, o.captured_minor, SUM(r.amount_minor)::bigint FROM orders o
            JOIN refunds r ON r.order_id = o.id
            WHERE r.status = 'succeeded' GROUP BY o.id HAVING SUM(r.amount_minor) > o.captured_minor ORDER BY o.number
            """,
            logger: logger)
        for try await (number, captured, refunded) in overRefunded.decode((Int64, Int64, Int64).self) {
            problems.append(StoreProblem(kind: .money, detail: "order #\(number): refunded \(refunded) of \(captured) captured"))
        }
        let overCaptured = try await queryWhileOpen(
            """
            SELECT number, captured_minor, total_minor FROM orders WHERE captured_minor > total_minor ORDER BY number
            """,
            logger: logger)
        for try await (number, captured, total) in overCaptured.decode((Int64, Int64, Int64).self) {
            problems.append(
                StoreProblem(kind: .money, detail: "order #\(number): captured \(captured) of a total of \(total)"))
        }
        return problems
    }

    /// Calls waiting for the provider's answer, and messages claimed for sending, since before `limit`. The moment is
    /// written as SQLite stores it ("yyyy-MM-dd HH:mm:ss.SSS", UTC).
    fileprivate func pendingProblems(before limit: StoredMoment, logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let calls = try await queryWhileOpen(
            """
            SELECT kind, key, number, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM (
                SELECT 'refund' AS kind, r.idempotency_key AS key, o.number, r.created_at, r.id FROM refunds r
                JOIN orders o ON o.id = r.order_id WHERE r.status = 'pending' AND r.created_at < \(limit)
                UNION ALL
                SELECT p.kind, p.idempotency_key, o.number, p.created_at, p.id FROM payments p
                JOIN orders o ON o.id = p.order_id WHERE p.status = 'pending' AND p.created_at < \(limit)
            ) pending
            ORDER BY created_at
            """,
            logger: logger)
        for try await (kind, key, number, since) in calls.decode((String, String, Int64, String).self) {
            problems.append(
                StoreProblem(
                    kind: .pending,
                    detail: "order #\(number): \(kind) \(key) pending since \(since), still without the provider's answer"))
        }
        let messages = try await queryWhileOpen(
            """
            SELECT id FROM outbox WHERE state = 'sending' AND (claimed_at IS NULL OR claimed_at < \(limit)) ORDER BY id
            """,
            logger: logger)
        for try await id in messages.decode(Int64.self) {
            problems.append(
                StoreProblem(
                    kind: .pending, detail: "message \(id): claimed for sending and never recorded as sent or failed"))
        }
        return problems
    }

    fileprivate func countProblems(logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let orderCounts = try await queryWhileOpen(
            """
            SELECT bucket, count, actual FROM (
                SELECT c.bucket, c.count, (
                    SELECT count(*) FROM orders o
                    WHERE c.bucket = 'status:' || o.status OR c.bucket = 'issue:' || o.issue_kind
                ) AS actual
                FROM order_counts c
            ) counted
            WHERE count <> actual ORDER BY bucket COLLATE "C"
            """,
            logger: logger)
        for try await (bucket, kept, actual) in orderCounts.decode((String, Int64, Int64).self) {
            problems.append(
                StoreProblem(kind: .counts, detail: "orders counted under \(bucket): kept \(kept), there are \(actual)"))
        }
        let messageCounts = try await queryWhileOpen(
            """
            SELECT s.state, COALESCE(k.count, 0)::bigint, s.actual FROM (
                SELECT state, count(*) AS actual FROM outbox GROUP BY state
                UNION SELECT state, 0 FROM outbox_counts WHERE state NOT IN (SELECT state FROM outbox)
            ) s LEFT JOIN outbox_counts k ON k.state = s.state
            WHERE COALESCE(k.count, 0) <> s.actual ORDER BY s.state COLLATE "C"
            """,
            logger: logger)
        for try await (state, kept, actual) in messageCounts.decode((String, Int64, Int64).self) {
            problems.append(
                StoreProblem(kind: .counts, detail: "messages counted as \(state): kept \(kept), there are \(actual)"))
        }
        return problems
    }

    fileprivate func duplicateProblems(logger: Logger) async throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let once: [(query: PostgresQuery, what: String)] = [
            (
                """
                SELECT o.number, count(*) FROM order_events e JOIN orders o ON o.id = e.order_id
                WHERE e.kind = 'order_cancelled' GROUP BY o.number HAVING count(*) > 1 ORDER BY 1
                """,
                "“order cancelled” events"
            ),
            (
                """
                SELECT o.number, count(*) FROM outbox m JOIN orders o ON o.id = m.order_id
                WHERE m.kind = 'order_cancelled' GROUP BY o.number HAVING count(*) > 1 ORDER BY 1
                """,
                "cancellation emails"
            ),
        ]
        for (query, what) in once {
            for try await (number, count) in try await self.queryWhileOpen(query, logger: logger).decode((Int64, Int64).self) {
                problems.append(StoreProblem(kind: .duplicated, detail: "order #\(number): \(count) \(what)"))
            }
        }
        return problems
    }
}
