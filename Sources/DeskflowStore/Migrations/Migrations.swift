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
        return migrator
    }
}
