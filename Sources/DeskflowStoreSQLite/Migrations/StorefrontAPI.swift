import GRDB

extension Migrations {
    /// Tokens a storefront signs its API calls with (only their SHA-256 is kept), and each POST's idempotency key
    /// with the exact response it got, so a repeat is answered byte for byte.
    static func createStorefrontAPI(_ db: Database) throws {
        try db.create(table: "api_tokens") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("role", .text).notNull()
            t.column("token_hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("revoked_at", .datetime)
        }
        try db.create(table: "api_requests") { t in
            t.column("token_id", .integer).notNull().references("api_tokens")
            t.column("key", .text).notNull()
            t.column("request_fingerprint", .text).notNull()
            t.column("response_status", .integer).notNull()
            t.column("response_body", .blob).notNull()
            t.column("created_at", .datetime).notNull().indexed()
            t.primaryKey(["token_id", "key"])
        }
        // A storefront catching up on what changed reads orders in the order they changed.
        try db.create(index: "orders_by_updated", on: "orders", columns: ["updated_at", "id"])
    }
}
