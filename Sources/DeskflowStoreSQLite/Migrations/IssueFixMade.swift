import GRDB

extension Migrations {
    /// Whether the fix an open failure waits for (a new payment method, an edited address) has been made since it
    /// last failed, so the queue offers the retry again instead of the fix.
    static func addIssueFixMade(_ db: Database) throws {
        try db.alter(table: "orders") { t in
            t.add(column: "issue_fix_made", .boolean).notNull().defaults(to: false)
        }
    }
}
