import GRDB

extension Migrations {
    /// A trigram index of each order's customer name and email, so that part of a name or an email is found without
    /// reading every order (`LIKE '%text%'` can use no B-tree index).
    ///
    /// The FTS5 table keeps no copy of the text (`content='orders'`): it reads the names and emails from `orders`
    /// when it needs them, and holds only the index. Triggers keep it in step, as they keep `order_counts`, rather
    /// than the store's writes: every way an order is written (the store's writes, the storefront API, both
    /// seeders' multi-row inserts, tests' raw SQL) then updates it, in the same transaction, with nothing to forget.
    /// An external-content index must be told the old text of a row it forgets, which only a trigger has at hand.
    /// An order's update rewrites all its columns, so the update trigger fires only when the name or email changed.
    static func createOrderSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE order_search USING fts5(
                customer_name, customer_email, content='orders', content_rowid='id', tokenize='trigram'
            );
            INSERT INTO order_search(order_search) VALUES ('rebuild');
            CREATE TRIGGER order_search_on_insert AFTER INSERT ON orders BEGIN
                INSERT INTO order_search(rowid, customer_name, customer_email)
                    VALUES (NEW.id, NEW.customer_name, NEW.customer_email);
            END;
            CREATE TRIGGER order_search_on_delete AFTER DELETE ON orders BEGIN
                INSERT INTO order_search(order_search, rowid, customer_name, customer_email)
                    VALUES ('delete', OLD.id, OLD.customer_name, OLD.customer_email);
            END;
            CREATE TRIGGER order_search_on_update AFTER UPDATE OF id, customer_name, customer_email ON orders
            WHEN OLD.id IS NOT NEW.id OR OLD.customer_name IS NOT NEW.customer_name
                OR OLD.customer_email IS NOT NEW.customer_email
            BEGIN
                INSERT INTO order_search(order_search, rowid, customer_name, customer_email)
                    VALUES ('delete', OLD.id, OLD.customer_name, OLD.customer_email);
                INSERT INTO order_search(rowid, customer_name, customer_email)
                    VALUES (NEW.id, NEW.customer_name, NEW.customer_email);
            END;
            """)
    }
}
