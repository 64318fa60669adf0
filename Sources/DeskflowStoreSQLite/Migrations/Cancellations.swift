import GRDB

extension Migrations {
    /// The cancellation records behind the report, and the simulated gateway's own ledger.
    static func createCancellationsAndGatewayLedger(_ db: Database) throws {
        try db.create(table: "cancellations") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("orders", onDelete: .cascade).unique()
            t.column("reason", .text).notNull()
            t.column("note", .text).notNull()
            t.column("refund_minor", .integer).notNull()
            t.column("void_minor", .integer).notNull()
            t.column("currency", .text).notNull()
            t.column("restocked", .boolean).notNull()
            t.column("notified", .boolean).notNull()
            t.column("staff_id", .integer)
            t.column("staff_name", .text).notNull()
            t.column("created_at", .datetime).notNull().indexed()
        }
        // What the payment provider knows: one row per idempotency key, the first answer kept forever.
        try db.create(table: "gateway_transactions") { t in
            t.primaryKey("idempotency_key", .text)
            t.column("kind", .text).notNull()
            t.column("order_number", .integer).notNull().indexed()
            t.column("amount_minor", .integer).notNull()
            t.column("card_last4", .text)
            t.column("succeeded", .boolean).notNull()
            // A final answer is replayed for the key forever; a transient failure lets a retry try again.
            t.column("is_final", .boolean).notNull()
            t.column("reference", .text)
            t.column("failure_code", .text)
            t.column("failure_message", .text)
            t.column("attempts", .integer).notNull().defaults(to: 1)
            t.column("created_at", .datetime).notNull()
        }
    }
}
