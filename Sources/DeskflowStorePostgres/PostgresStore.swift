import DeskflowStore
import Logging
import PostgresNIO

/// Deskflow's store on PostgreSQL: several instances share one database. Each intent-named method of the store's
/// protocols is one retried READ COMMITTED transaction that locks what it changes (the idempotency key's advisory
/// lock, then the order row `FOR UPDATE`, then stock rows in SKU order), so two instances acting on one order at once
/// resolve to one winner, as SQLite's single writer does.
///
/// The methods live in extensions, one file per concern, parallel to the SQLite engine's files.
public final class PostgresStore: Sendable {
    public let engine: PostgresEngine
    /// Where the storefront hears about its orders: with an endpoint, every order write queues the events it causes in
    /// the outbox, in the same transaction. `nil`: no webhooks.
    public let webhookEndpoint: String?
    /// Periodic jobs run under a session advisory lock, so each round runs on one instance.
    public let jobs: any JobCoordination
    package let logger: Logger

    var client: PostgresClient { engine.client }

    public convenience init(engine: PostgresEngine, logger: Logger) {
        self.init(engine: engine, webhookEndpoint: nil, logger: logger)
    }

    init(engine: PostgresEngine, webhookEndpoint: String?, logger: Logger) {
        self.engine = engine
        self.webhookEndpoint = webhookEndpoint
        self.jobs = PostgresJobLock(client: engine.client, logger: logger)
        self.logger = logger
    }

    /// The same database, with every order write queueing its storefront events for `endpoint`.
    func withWebhooks(to endpoint: String) -> PostgresStore {
        PostgresStore(engine: engine, webhookEndpoint: endpoint, logger: logger)
    }
}

extension PostgresStore: OrderStore, PaymentLedgerStore, OutboxStore, StaffStore, HousekeepingStore, StoreAdministration {}
