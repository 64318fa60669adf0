import GRDB

extension Migrations {
    /// Refunds made without cancelling: how many units of each line and whether the shipping charge have been paid
    /// back (so none is refunded twice), and each such refund's reason and staff note.
    static func addRefundsWithoutCancelling(_ db: Database) throws {
        try db.alter(table: "line_items") { t in
            t.add(column: "refunded_quantity", .integer).notNull().defaults(to: 0)
        }
        try db.alter(table: "orders") { t in
            t.add(column: "shipping_refunded", .boolean).notNull().defaults(to: false)
        }
        try db.alter(table: "refunds") { t in
            t.add(column: "reason", .text)
            t.add(column: "note", .text)
        }
    }
}
