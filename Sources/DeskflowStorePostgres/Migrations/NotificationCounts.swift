import PostgresNIO

extension PostgresMigrations {
    /// Per-state message counts kept by triggers (`v5-notification-counts`), so the notifications tabs never count the
    /// whole outbox. A state gets its row the first time a message enters it. As with `order_counts`, the triggers
    /// fire once per statement and change the counts in state order.
    static let createNotificationCounts: [PostgresQuery] = [
        """
        CREATE TABLE outbox_counts (
            state text PRIMARY KEY,
            count bigint NOT NULL
        )
        """,
        "INSERT INTO outbox_counts (state, count) SELECT state, count(*) FROM outbox GROUP BY state",
        """
        CREATE FUNCTION outbox_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN SELECT state, count(*) AS amount FROM inserted_messages GROUP BY state ORDER BY state LOOP
                INSERT INTO outbox_counts (state, count) VALUES (change.state, change.amount)
                    ON CONFLICT (state) DO UPDATE SET count = outbox_counts.count + excluded.count;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER outbox_counts_on_insert AFTER INSERT ON outbox
            REFERENCING NEW TABLE AS inserted_messages
            FOR EACH STATEMENT EXECUTE FUNCTION outbox_counts_on_insert()
        """,
        """
        CREATE FUNCTION outbox_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN SELECT state, count(*) AS amount FROM deleted_messages GROUP BY state ORDER BY state LOOP
                UPDATE outbox_counts SET count = count - change.amount WHERE state = change.state;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER outbox_counts_on_delete AFTER DELETE ON outbox
            REFERENCING OLD TABLE AS deleted_messages
            FOR EACH STATEMENT EXECUTE FUNCTION outbox_counts_on_delete()
        """,
        """
        CREATE FUNCTION outbox_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN
                SELECT state, sum(amount) AS amount
                FROM (
                    SELECT state, -1 AS amount FROM messages_before
                    UNION ALL SELECT state, 1 FROM messages_after
                ) AS changes
                GROUP BY state HAVING sum(amount) <> 0 ORDER BY state
            LOOP
                INSERT INTO outbox_counts (state, count) VALUES (change.state, change.amount)
                    ON CONFLICT (state) DO UPDATE SET count = outbox_counts.count + excluded.count;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER outbox_counts_on_update AFTER UPDATE ON outbox
            REFERENCING OLD TABLE AS messages_before NEW TABLE AS messages_after
            FOR EACH STATEMENT EXECUTE FUNCTION outbox_counts_on_update()
        """,
    ]
}
