import GRDB

extension Migrations {
    /// Start-up finishes refunds, voids and charges left pending; these partial indexes hold only those rows, so
    /// looking for them does not read every payment and refund the store has ever made.
    static func indexPendingPaymentCalls(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX refunds_pending ON refunds(status, id) WHERE status = 'pending';
            CREATE INDEX payments_pending ON payments(kind, id) WHERE status = 'pending';
            """)
    }
}
