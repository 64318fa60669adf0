import GRDB

/// Named migrations, applied in order. A migration that has shipped is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core-tables", migrate: createCoreTables)
        migrator.registerMigration("v1-order-counts", migrate: createOrderCounts)
        migrator.registerMigration("v2-cancellations-and-gateway-ledger", migrate: createCancellationsAndGatewayLedger)
        migrator.registerMigration("v3-attention-queue-by-since", migrate: indexAttentionQueueBySince)
        migrator.registerMigration("v4-outbox-delivery", migrate: addOutboxDelivery)
        migrator.registerMigration("v5-notification-counts", migrate: createNotificationCounts)
        migrator.registerMigration("v6-search-by-email", migrate: indexOrdersByEmailAndPlaced)
        migrator.registerMigration("v7-pending-payment-calls", migrate: indexPendingPaymentCalls)
        migrator.registerMigration("v8-simulated-outages", migrate: createSimulatedOutages)
        migrator.registerMigration("v9-idempotency-keys-without-response", migrate: dropStoredResponseFromIdempotencyKeys)
        migrator.registerMigration("v10-simulator-tables-handed-over", migrate: handOverSimulatorTables)
        migrator.registerMigration("v11-payment-providers", migrate: addPaymentProviders)
        migrator.registerMigration("v12-storefront-api", migrate: createStorefrontAPI)
        migrator.registerMigration("v13-refunds-without-cancelling", migrate: addRefundsWithoutCancelling)
        migrator.registerMigration("v14-staff-management", migrate: addStaffManagement)
        migrator.registerMigration("v15-support-requests", migrate: addOutboxReplyTo)
        migrator.registerMigration("v16-issue-fix-made", migrate: addIssueFixMade)
        migrator.registerMigration("v17-order-search-index", migrate: createOrderSearchIndex)
        migrator.registerMigration("v18-outbox-claimed-by", migrate: addOutboxClaimedBy)
        migrator.registerMigration("v19-order-search-lowercased", migrate: lowercaseOrderSearch)
        return migrator
    }

    /// Migrations a database holds that this build does not know, in the order they were applied: a newer Deskflow
    /// migrated it, and this one would read and write a schema it was not written for. The simulation's own migrations
    /// share the log under their `simulation-` names; it checks those itself when it is set up.
    static func unknownMigrations(_ db: Database) throws -> [String] {
        guard try db.tableExists("grdb_migrations") else { return [] }
        let known = Set(migrator.migrations)
        return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            .filter { !known.contains($0) && !$0.hasPrefix("simulation-") }
    }

    /// Creates again any index the migrations leave that the database lacks, from the migrations' own statement.
    /// Indexes hold nothing of their own: a bulk load into an empty store drops some while it runs, and one stopped
    /// part-way (the process killed) leaves them missing until the database is next opened.
    static func createMissingIndexes(_ db: Database) throws {
        let present = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
        for index in migratedIndexes where !present.contains(index.name) {
            try db.execute(sql: index.sql)
        }
    }

    /// The indexes the migrations leave, with the statements that create them, read once from an in-memory database.
    static let migratedIndexes: [(name: String, sql: String)] = {
        do {
            let database = try DatabaseQueue()
            try migrator.migrate(database)
            return try database.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid
                    """
                ).map { ($0["name"], $0["sql"]) }
            }
        } catch {
            preconditionFailure("the migrations cannot run in memory: \(error)")
        }
    }()
}
