import DeskflowDomain
import Foundation
import GRDB

/// Something in the database that breaks one of the store's invariants.
public struct StoreProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A row that cannot be read as written (an unknown status), or a damaged file.
        case corrupt
        /// Stock that disagrees with its ledger.
        case stock
        /// Money that disagrees with itself or with the provider's ledger.
        case money
        /// A call to the provider, or a delivery, left waiting past the time anything waits on it.
        case pending
        /// A count kept by triggers that disagrees with the rows it counts.
        case counts
        /// Something done twice that must happen once.
        case duplicated
    }

    public var kind: Kind
    public var detail: String

    public var description: String { "\(kind.rawValue): \(detail)" }
}

extension AppDatabase {
    /// How long a refund, charge, capture or void may stay pending, and a delivery stay claimed, before it counts as
    /// stuck: the running server asks the provider again after two minutes, every minute.
    public static let pendingLimit: TimeInterval = 5 * 60

    /// Every invariant the store keeps, checked over every row whoever wrote it: what `deskflow check` reports.
    public func storeProblems(now: Date, pendingLimit: TimeInterval = pendingLimit) async throws -> [StoreProblem] {
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
            .map { StoreProblem(kind: .corrupt, detail: "integrity check: \($0)") }
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
        problems += try providerLedgerProblems(db)
        return problems
    }

    /// Deskflow's payments and refunds against what the provider's own ledger says it did, key by key.
    private static func providerLedgerProblems(_ db: Database) throws -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT o.number, o.captured_minor, COALESCE(g.taken, 0) AS taken FROM orders o
            LEFT JOIN (SELECT order_number, SUM(amount_minor) AS taken FROM gateway_transactions
                       WHERE kind IN ('capture', 'charge') AND succeeded GROUP BY order_number) g ON g.order_number = o.number
            WHERE o.captured_minor != COALESCE(g.taken, 0)
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
            WHERE r.status = 'succeeded' AND g.idempotency_key IS NULL
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
            ("""
             SELECT g.order_number AS number, COUNT(*) AS n FROM gateway_transactions g JOIN orders o ON o.number = g.order_number
             WHERE g.kind IN ('capture', 'charge') AND g.succeeded GROUP BY g.order_number
             HAVING SUM(g.amount_minor) > MAX(o.total_minor)
             """, "charges adding up to more than its total"),
        ]
        for (sql, what) in once {
            for row in try Row.fetchAll(db, sql: sql + " ORDER BY 1") {
                problems.append(StoreProblem(kind: .duplicated, detail: "order #\(row["number"] as Int): \(row["n"] as Int) \(what)"))
            }
        }
        return problems
    }
}
