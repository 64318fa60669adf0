import GRDB

/// What a repeated form is answered with is the web layer's business: the store keeps only the flash it was told.
func dropStoredResponseFromIdempotencyKeys(_ db: Database) throws {
    try db.alter(table: "idempotency_keys") { t in
        t.drop(column: "response_status")
        t.drop(column: "response_location")
    }
}
