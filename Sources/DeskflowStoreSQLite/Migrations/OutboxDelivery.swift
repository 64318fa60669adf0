import GRDB

extension Migrations {
    /// What the delivery worker needs: when a message is next due, and when a send was claimed.
    static func addOutboxDelivery(_ db: Database) throws {
        try db.alter(table: "outbox") { t in
            t.add(column: "next_attempt_at", .datetime)
            t.add(column: "claimed_at", .datetime)
        }
        try db.create(index: "outbox_due", on: "outbox", columns: ["state", "next_attempt_at", "id"])
    }
}
