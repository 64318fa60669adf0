import GRDB

extension Migrations {
    /// A customer's orders by whole email address, newest first, straight from the index: no sort, whatever
    /// the size of the store. It replaces the email-only index, which it covers.
    static func indexOrdersByEmailAndPlaced(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX orders_by_customer_email_placed ON orders(customer_email COLLATE NOCASE, placed_at, id);
            DROP INDEX orders_by_customer_email;
            """)
    }
}
