import DeskflowDomain
import PostgresNIO

extension PostgresMigrations {
    /// Per-status and per-issue order counts kept by triggers (`v1-order-counts`), so the list's filter tabs never
    /// count a million rows.
    ///
    /// Unlike SQLite's row triggers these fire once per statement and read the statement's rows from its transition
    /// tables: a bulk load of a million orders changes each count once, not a million times over one row whose
    /// versions would pile up until commit. Each function changes the counts in bucket order, so two transactions
    /// changing the same counts take their row locks in the same order and cannot deadlock on them, and a write that
    /// leaves the status and issue as they were changes no count at all (and locks none).
    static let createOrderCounts: [PostgresQuery] = [
        """
        CREATE TABLE order_counts (
            bucket text PRIMARY KEY,
            count bigint NOT NULL
        )
        """,
        "INSERT INTO order_counts (bucket, count) SELECT unnest(\(orderCountBuckets)::text[]), 0",
        """
        UPDATE order_counts SET count = (SELECT count(*) FROM orders WHERE 'status:' || status = bucket)
            WHERE bucket LIKE 'status:%'
        """,
        """
        UPDATE order_counts SET count = (SELECT count(*) FROM orders WHERE 'issue:' || issue_kind = bucket)
            WHERE bucket LIKE 'issue:%'
        """,
        """
        CREATE FUNCTION order_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN
                SELECT bucket, count(*) AS amount
                FROM (
                    SELECT 'status:' || status AS bucket FROM inserted_orders
                    UNION ALL SELECT 'issue:' || issue_kind FROM inserted_orders WHERE issue_kind IS NOT NULL
                ) AS buckets
                GROUP BY bucket ORDER BY bucket
            LOOP
                UPDATE order_counts SET count = count + change.amount WHERE bucket = change.bucket;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER order_counts_on_insert AFTER INSERT ON orders
            REFERENCING NEW TABLE AS inserted_orders
            FOR EACH STATEMENT EXECUTE FUNCTION order_counts_on_insert()
        """,
        """
        CREATE FUNCTION order_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN
                SELECT bucket, count(*) AS amount
                FROM (
                    SELECT 'status:' || status AS bucket FROM deleted_orders
                    UNION ALL SELECT 'issue:' || issue_kind FROM deleted_orders WHERE issue_kind IS NOT NULL
                ) AS buckets
                GROUP BY bucket ORDER BY bucket
            LOOP
                UPDATE order_counts SET count = count - change.amount WHERE bucket = change.bucket;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER order_counts_on_delete AFTER DELETE ON orders
            REFERENCING OLD TABLE AS deleted_orders
            FOR EACH STATEMENT EXECUTE FUNCTION order_counts_on_delete()
        """,
        // A trigger with transition tables cannot name columns (`UPDATE OF status, issue_kind`): it fires on every
        // update of orders, and the sums leave out every bucket the statement did not change.
        """
        CREATE FUNCTION order_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change record;
        BEGIN
            FOR change IN
                SELECT bucket, sum(amount) AS amount
                FROM (
                    SELECT 'status:' || status AS bucket, -1 AS amount FROM orders_before
                    UNION ALL SELECT 'issue:' || issue_kind, -1 FROM orders_before WHERE issue_kind IS NOT NULL
                    UNION ALL SELECT 'status:' || status, 1 FROM orders_after
                    UNION ALL SELECT 'issue:' || issue_kind, 1 FROM orders_after WHERE issue_kind IS NOT NULL
                ) AS changes
                GROUP BY bucket HAVING sum(amount) <> 0 ORDER BY bucket
            LOOP
                UPDATE order_counts SET count = count + change.amount WHERE bucket = change.bucket;
            END LOOP;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER order_counts_on_update AFTER UPDATE ON orders
            REFERENCING OLD TABLE AS orders_before NEW TABLE AS orders_after
            FOR EACH STATEMENT EXECUTE FUNCTION order_counts_on_update()
        """,
    ]

    /// One bucket per status and per issue kind, as SQLite's migration makes them.
    static var orderCountBuckets: [String] {
        OrderStatus.allCases.map { "status:\($0.rawValue)" } + IssueKind.allCases.map { "issue:\($0.rawValue)" }
    }
}
