import GRDB

extension Migrations {
    static func createCoreTables(_ db: Database) throws {
        try db.create(table: "products") { t in
            t.primaryKey("sku", .text)
            t.column("name", .text).notNull()
            t.column("price_minor", .integer).notNull()
            t.column("currency", .text).notNull()
        }
        try db.create(table: "stock_levels") { t in
            t.primaryKey("sku", .text).references("products")
            t.column("on_hand", .integer).notNull()
            // Units held for orders that have not shipped yet; available = on_hand - committed.
            t.column("committed", .integer).notNull().defaults(to: 0)
        }
        try db.create(table: "customers") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("email", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "orders") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("number", .integer).notNull().unique()
            t.column("placed_at", .datetime).notNull()
            t.column("customer_id", .integer).notNull().references("customers")
            // Copied from the customer at checkout: the order keeps who bought it, and search needs no join.
            t.column("customer_name", .text).notNull()
            t.column("customer_email", .text).notNull()
            t.column("status", .text).notNull()
            t.column("payment_status", .text).notNull()
            t.column("fulfillment_status", .text).notNull()
            t.column("issue_kind", .text)
            t.column("issue_code", .text)
            t.column("issue_message", .text)
            t.column("issue_since", .datetime)
            t.column("issue_attempts", .integer).notNull().defaults(to: 0)
            t.column("currency", .text).notNull()
            t.column("subtotal_minor", .integer).notNull()
            t.column("shipping_minor", .integer).notNull()
            t.column("tax_minor", .integer).notNull()
            t.column("total_minor", .integer).notNull()
            t.column("payment_brand", .text)
            t.column("payment_last4", .text)
            t.column("authorized_minor", .integer).notNull().defaults(to: 0)
            t.column("captured_minor", .integer).notNull().defaults(to: 0)
            t.column("ship_name", .text).notNull()
            t.column("ship_line1", .text).notNull()
            t.column("ship_line2", .text).notNull().defaults(to: "")
            t.column("ship_city", .text).notNull()
            t.column("ship_region", .text).notNull()
            t.column("ship_postal_code", .text).notNull()
            t.column("ship_country", .text).notNull()
            t.column("tracking_number", .text)
            t.column("cancel_reason", .text)
            t.column("cancel_note", .text)
            t.column("cancelled_at", .datetime)
            t.column("cancelled_by", .text)
            t.column("version", .integer).notNull().defaults(to: 1)
            t.column("updated_at", .datetime).notNull()
        }
        // Newest first, with the id breaking ties: every list page is a range scan of one of these.
        try db.create(index: "orders_by_placed", on: "orders", columns: ["placed_at", "id"])
        try db.create(index: "orders_by_status", on: "orders", columns: ["status", "placed_at", "id"])
        try db.execute(sql: """
            CREATE INDEX orders_by_issue ON orders(issue_kind, placed_at, id) WHERE issue_kind IS NOT NULL;
            CREATE INDEX orders_needing_attention ON orders(placed_at, id) WHERE issue_kind IS NOT NULL;
            CREATE INDEX orders_by_customer_email ON orders(customer_email COLLATE NOCASE);
            """)
        try db.create(index: "orders_by_customer", on: "orders", columns: ["customer_id"])

        try db.create(table: "line_items") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("orders", onDelete: .cascade).indexed()
            t.column("sku", .text).notNull().references("products")
            t.column("name", .text).notNull()
            t.column("quantity", .integer).notNull()
            t.column("unit_price_minor", .integer).notNull()
        }
        try db.create(table: "inventory_ledger") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("sku", .text).notNull().references("products").indexed()
            t.column("order_id", .integer).references("orders", onDelete: .setNull).indexed()
            t.column("on_hand_change", .integer).notNull()
            t.column("committed_change", .integer).notNull()
            t.column("reason", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "payments") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("orders", onDelete: .cascade).indexed()
            t.column("kind", .text).notNull()
            t.column("amount_minor", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("idempotency_key", .text).notNull().unique()
            t.column("gateway_reference", .text)
            t.column("failure_code", .text)
            t.column("failure_message", .text)
            t.column("created_at", .datetime).notNull()
            t.column("completed_at", .datetime)
        }
        try db.create(table: "refunds") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("orders", onDelete: .cascade).indexed()
            t.column("amount_minor", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("idempotency_key", .text).notNull().unique()
            t.column("gateway_reference", .text)
            t.column("failure_message", .text)
            t.column("requested_by", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("completed_at", .datetime)
        }
        try db.create(table: "order_events") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("orders", onDelete: .cascade)
            t.column("kind", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("summary", .text).notNull()
            t.column("amount_minor", .integer)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "order_events_by_order", on: "order_events", columns: ["order_id", "created_at"])

        try db.create(table: "staff_users") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("email", .text).notNull().unique().collate(.nocase)
            t.column("name", .text).notNull()
            t.column("role", .text).notNull()
            t.column("password_hash", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "sessions") { t in
            t.primaryKey("id", .text)
            t.column("data", .blob).notNull()
            t.column("expires_at", .datetime)
        }
        try db.create(table: "sign_in_attempts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("email", .text).notNull().collate(.nocase)
            t.column("address", .text).notNull()
            t.column("succeeded", .boolean).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "sign_in_attempts_by_email", on: "sign_in_attempts", columns: ["email", "created_at"])
        try db.create(index: "sign_in_attempts_by_address", on: "sign_in_attempts", columns: ["address", "created_at"])

        try db.create(table: "idempotency_keys") { t in
            t.primaryKey("key", .text)
            t.column("staff_id", .integer).notNull()
            t.column("request_fingerprint", .text).notNull()
            t.column("response_status", .integer).notNull()
            t.column("response_location", .text).notNull()
            t.column("flash", .text)
            t.column("created_at", .datetime).notNull().indexed()
        }
        try db.create(table: "outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).references("orders", onDelete: .setNull).indexed()
            t.column("kind", .text).notNull()
            t.column("recipient", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("body", .text).notNull()
            t.column("state", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("last_error", .text)
            t.column("created_at", .datetime).notNull()
            t.column("sent_at", .datetime)
        }
        try db.create(index: "outbox_by_state", on: "outbox", columns: ["state", "id"])
    }
}
