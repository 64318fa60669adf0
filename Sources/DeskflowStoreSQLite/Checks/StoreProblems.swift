import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Every invariant the store keeps, checked over every row whoever wrote it: what `deskflow check` reports, together
    /// with the check of a payment provider that keeps its ledger beside the store (the simulated one).
    public func storeProblems(now: Date, pendingLimit: TimeInterval = StoreProblem.pendingLimit) async throws -> [StoreProblem] {
        try await pool.read { db in
            var problems = try Self.integrityProblems(db)
            guard problems.isEmpty else { return problems }
            problems += try Self.statusProblems(db)
            problems += try Self.stockProblems(db)
            problems += try Self.moneyProblems(db)
            problems += try Self.pendingProblems(db, before: now.addingTimeInterval(-pendingLimit))
            problems += try Self.countProblems(db)
            problems += try Self.duplicateProblems(db)
            return problems
        }
    }

    private static func integrityProblems(_ db: Database) throws -> [StoreProblem] {
        try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            .map { StoreProblem(kind: .corrupt, detail: StoreProblem.integrityPrefix + $0) }
    }

    /// Code columns (statuses, kinds, roles, currencies) hold only values this version knows, as each table's
    /// definition lists them; anything else would be read as something it is not, so reading it fails instead.
    private static func statusProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for table in StoreTables.all {
            // Orders are named by their number, other rows by their key.
            let rowName = table.name == "orders" ? "number" : table.primaryKey.joined(separator: " || ', ' || ")
            for column in table.schema {
                guard let known = column.knownValues else { continue }
                let values = known.map { "'\($0)'" }.joined(separator: ", ")
                let condition = "\(column.name) NOT IN (\(values))"
                    + (column.isNullable ? "" : " OR \(column.name) IS NULL")
                for row in try Row.fetchAll(
                    db, sql: "SELECT \(rowName) AS name, \(column.name) AS value FROM \(table.name) WHERE \(condition)")
                {
                    let name: DatabaseValue = row["name"]
                    let damaged = CorruptRow(
                        table: table.name, column: column.name, value: row["value"],
                        key: table.name == "orders" ? nil : String.fromDatabaseValue(name) ?? name.description,
                        orderNumber: table.name == "orders" ? Int.fromDatabaseValue(name) : nil)
                    problems.append(StoreProblem(kind: .corrupt, detail: damaged.description))
                }
            }
        }
        return problems
    }

    private static func stockProblems(_ db: Database) throws -> [StoreProblem] {
        try Row.fetchAll(db, sql: """
            SELECT s.sku, s.on_hand, s.committed,
                   COALESCE(SUM(l.on_hand_change), 0) AS ledger_on_hand, COALESCE(SUM(l.committed_change), 0) AS ledger_committed
            FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku GROUP BY s.sku
            HAVING s.on_hand != ledger_on_hand OR s.committed != ledger_committed
            ORDER BY s.sku
            """).map { row in
            StoreProblem(
                kind: .stock,
                detail: "SKU \(row["sku"] as String): \(row["on_hand"] as Int) on hand and \(row["committed"] as Int) committed, "
                    + "but its ledger sums to \(row["ledger_on_hand"] as Int) and \(row["ledger_committed"] as Int)")
        }
    }

    private static func moneyProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT o.number, o.captured_minor, SUM(r.amount_minor) AS refunded FROM orders o JOIN refunds r ON r.order_id = o.id
            WHERE r.status = 'succeeded' GROUP BY o.id HAVING refunded > o.captured_minor ORDER BY o.number
            """)
        {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(row["number"] as Int): refunded \(row["refunded"] as Int64) of \(row["captured_minor"] as Int64) captured"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT o.number, o.captured_minor, o.total_minor FROM orders o WHERE o.captured_minor > o.total_minor ORDER BY o.number
            """)
        {
            problems.append(StoreProblem(
                kind: .money,
                detail: "order #\(row["number"] as Int): captured \(row["captured_minor"] as Int64) of a total of \(row["total_minor"] as Int64)"))
        }
        return problems
    }

    private static func pendingProblems(_ db: Database, before limit: Date) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT 'refund' AS kind, r.idempotency_key AS key, o.number, r.created_at FROM refunds r
            JOIN orders o ON o.id = r.order_id WHERE r.status = 'pending' AND r.created_at < :limit
            UNION ALL
            SELECT p.kind, p.idempotency_key, o.number, p.created_at FROM payments p
            JOIN orders o ON o.id = p.order_id WHERE p.status = 'pending' AND p.created_at < :limit
            ORDER BY 4
            """, arguments: ["limit": limit])
        {
            problems.append(StoreProblem(
                kind: .pending,
                detail: "order #\(row["number"] as Int): \(row["kind"] as String) \(row["key"] as String) pending since "
                    + "\(DatabaseDateText.string(from: row["created_at"])), still without the provider's answer"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, claimed_at FROM outbox WHERE state = 'sending' AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY id
            """, arguments: [limit])
        {
            problems.append(StoreProblem(
                kind: .pending, detail: "message \(row["id"] as Int64): claimed for sending and never recorded as sent or failed"))
        }
        return problems
    }

    private static func countProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT c.bucket, c.count, (
                SELECT COUNT(*) FROM orders o
                WHERE (c.bucket = 'status:' || o.status) OR (c.bucket = 'issue:' || o.issue_kind)
            ) AS actual
            FROM order_counts c WHERE c.count != actual ORDER BY c.bucket
            """)
        {
            problems.append(StoreProblem(
                kind: .counts,
                detail: "orders counted under \(row["bucket"] as String): kept \(row["count"] as Int), there are \(row["actual"] as Int)"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT s.state, COALESCE(k.count, 0) AS kept, s.actual FROM (
                SELECT state, COUNT(*) AS actual FROM outbox GROUP BY state
                UNION SELECT state, 0 FROM outbox_counts WHERE state NOT IN (SELECT state FROM outbox)
            ) s LEFT JOIN outbox_counts k ON k.state = s.state
            WHERE COALESCE(k.count, 0) != s.actual ORDER BY s.state
            """)
        {
            problems.append(StoreProblem(
                kind: .counts,
                detail: "messages counted as \(row["state"] as String): kept \(row["kept"] as Int), there are \(row["actual"] as Int)"))
        }
        return problems
    }

    private static func duplicateProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        let once: [(sql: String, what: String)] = [
            ("""
             SELECT o.number, COUNT(*) AS n FROM order_events e JOIN orders o ON o.id = e.order_id
             WHERE e.kind = 'order_cancelled' GROUP BY e.order_id HAVING n > 1
             """, "“order cancelled” events"),
            ("""
             SELECT o.number, COUNT(*) AS n FROM outbox m JOIN orders o ON o.id = m.order_id
             WHERE m.kind = 'order_cancelled' GROUP BY m.order_id HAVING n > 1
             """, "cancellation emails"),
        ]
        for (sql, what) in once {
            for row in try Row.fetchAll(db, sql: sql + " ORDER BY 1") {
                problems.append(StoreProblem(kind: .duplicated, detail: "order #\(row["number"] as Int): \(row["n"] as Int) \(what)"))
            }
        }
        return problems
    }
}
