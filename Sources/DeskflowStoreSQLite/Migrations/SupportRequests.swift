import GRDB

extension Migrations {
    /// A support request is answered to the manager who sent it, not to the store's sender: the outbox keeps who that is.
    static func addOutboxReplyTo(_ db: Database) throws {
        try db.alter(table: "outbox") { t in
            t.add(column: "reply_to", .text)
        }
    }
}
