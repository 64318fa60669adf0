import GRDB

extension Migrations {
    /// Which instance holds a message's claim: with several instances on one database, recording a delivery checks it,
    /// so an instance whose claim was taken over after its lease cannot record over the instance that holds it now.
    static func addOutboxClaimedBy(_ db: Database) throws {
        try db.alter(table: "outbox") { t in
            t.add(column: "claimed_by", .text)
        }
    }
}
