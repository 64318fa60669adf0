import DeskflowDomain
import GRDB

extension Migrations {
    /// Per-status and per-issue order counts kept by triggers, so the list's filter tabs never count a million rows.
    static func createOrderCounts(_ db: Database) throws {
        try db.create(table: "order_counts") { t in
            t.primaryKey("bucket", .text)
            t.column("count", .integer).notNull()
        }
        let buckets = OrderStatus.allCases.map { "status:\($0.rawValue)" } + IssueKind.allCases.map { "issue:\($0.rawValue)" }
        for bucket in buckets {
            try db.execute(sql: "INSERT INTO order_counts(bucket, count) VALUES (?, 0)", arguments: [bucket])
        }
        try db.execute(sql: """
            UPDATE order_counts SET count = (SELECT COUNT(*) FROM orders WHERE 'status:' || status = bucket)
                WHERE bucket LIKE 'status:%';
            UPDATE order_counts SET count = (SELECT COUNT(*) FROM orders WHERE 'issue:' || issue_kind = bucket)
                WHERE bucket LIKE 'issue:%';
            CREATE TRIGGER order_counts_on_insert AFTER INSERT ON orders BEGIN
                UPDATE order_counts SET count = count + 1
                    WHERE bucket IN ('status:' || NEW.status, 'issue:' || NEW.issue_kind);
            END;
            CREATE TRIGGER order_counts_on_delete AFTER DELETE ON orders BEGIN
                UPDATE order_counts SET count = count - 1
                    WHERE bucket IN ('status:' || OLD.status, 'issue:' || OLD.issue_kind);
            END;
            CREATE TRIGGER order_counts_on_update AFTER UPDATE OF status, issue_kind ON orders BEGIN
                UPDATE order_counts SET count = count - 1
                    WHERE bucket IN ('status:' || OLD.status, 'issue:' || OLD.issue_kind);
                UPDATE order_counts SET count = count + 1
                    WHERE bucket IN ('status:' || NEW.status, 'issue:' || NEW.issue_kind);
            END;
            """)
    }
}
