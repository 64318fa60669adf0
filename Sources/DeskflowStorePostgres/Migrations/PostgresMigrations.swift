import PostgresNIO

/// One named step of a PostgreSQL schema: the counterpart of the SQLite migration with the same name. A step with no
/// statements is one that has no meaning on PostgreSQL; it is still recorded, so both engines list the same names.
public struct PostgresMigration: Sendable {
    public let name: String
    /// Run in order, one statement each (postgres-nio sends one statement per query).
    let statements: [PostgresQuery]

    init(_ name: String, _ statements: [PostgresQuery]) {
        self.name = name
        self.statements = statements
    }

    /// A migration given as plain SQL, by a module that does not use postgres-nio (the simulation's).
    public init(name: String, statements: [String]) {
        self.init(name, statements.map { PostgresQuery(unsafeSQL: $0) })
    }
}

/// The store's migrations on PostgreSQL, with the names and in the order of SQLite's (Sources/DeskflowStoreSQLite/
/// Migrations/Migrations.swift). A migration that has shipped is never edited: add a new one to both engines.
public enum PostgresMigrations {
    public static let store: [PostgresMigration] = [
        PostgresMigration("v1-core-tables", createCoreTables),
        PostgresMigration("v1-order-counts", createOrderCounts),
        PostgresMigration("v2-cancellations-and-gateway-ledger", createCancellations),
        PostgresMigration("v3-attention-queue-by-since", indexAttentionQueueBySince),
        PostgresMigration("v4-outbox-delivery", addOutboxDelivery),
        PostgresMigration("v5-notification-counts", createNotificationCounts),
        PostgresMigration("v6-search-by-email", indexOrdersByEmailAndPlaced),
        PostgresMigration("v7-pending-payment-calls", indexPendingPaymentCalls),
        PostgresMigration("v8-simulated-outages", createSimulatedOutages),
        PostgresMigration("v9-idempotency-keys-without-response", dropStoredResponseFromIdempotencyKeys),
        PostgresMigration("v10-simulator-tables-handed-over", handOverSimulatorTables),
        PostgresMigration("v11-payment-providers", addPaymentProviders),
        PostgresMigration("v12-storefront-api", createStorefrontAPI),
        PostgresMigration("v13-refunds-without-cancelling", addRefundsWithoutCancelling),
        PostgresMigration("v14-staff-management", addStaffManagement),
        PostgresMigration("v15-support-requests", addOutboxReplyTo),
        PostgresMigration("v16-issue-fix-made", addIssueFixMade),
        PostgresMigration("v17-order-search-index", createOrderSearchIndex),
        PostgresMigration("v18-outbox-claimed-by", addOutboxClaimedBy),
        PostgresMigration("v19-order-search-lowercased", addLowercasedSearchColumns),
    ]
}
