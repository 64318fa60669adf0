import GRDB

extension Migrations {
    /// The failed-orders queue lists the longest-waiting failure first: index it by when the issue started.
    static func indexAttentionQueueBySince(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX orders_by_issue;
            DROP INDEX orders_needing_attention;
            CREATE INDEX orders_by_issue_since ON orders(issue_kind, issue_since, id) WHERE issue_kind IS NOT NULL;
            CREATE INDEX orders_needing_attention_since ON orders(issue_since, id) WHERE issue_kind IS NOT NULL;
            """)
    }
}
