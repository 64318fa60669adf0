import GRDB

extension Migrations {
    /// Per-state message counts kept by triggers, so the notifications tabs never count the whole outbox.
    static func createNotificationCounts(_ db: Database) throws {
        try db.create(table: "outbox_counts") { t in
            t.primaryKey("state", .text)
            t.column("count", .integer).notNull()
        }
        // A state gets its row the first time a message enters it, so a state added later needs no migration.
        try db.execute(sql: """
            INSERT INTO outbox_counts(state, count) SELECT state, COUNT(*) FROM outbox GROUP BY state;
            CREATE TRIGGER outbox_counts_on_insert AFTER INSERT ON outbox BEGIN
                INSERT INTO outbox_counts(state, count) VALUES (NEW.state, 1)
                    ON CONFLICT(state) DO UPDATE SET count = count + 1;
            END;
            CREATE TRIGGER outbox_counts_on_delete AFTER DELETE ON outbox BEGIN
                UPDATE outbox_counts SET count = count - 1 WHERE state = OLD.state;
            END;
            CREATE TRIGGER outbox_counts_on_update AFTER UPDATE OF state ON outbox WHEN OLD.state IS NOT NEW.state BEGIN
                UPDATE outbox_counts SET count = count - 1 WHERE state = OLD.state;
                INSERT INTO outbox_counts(state, count) VALUES (NEW.state, 1)
                    ON CONFLICT(state) DO UPDATE SET count = count + 1;
            END;
            """)
    }
}
