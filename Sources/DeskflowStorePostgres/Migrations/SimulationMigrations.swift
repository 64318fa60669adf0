import PostgresNIO

extension PostgresMigrations {
    /// The simulation's own tables, with the names of its SQLite migrations (Sources/DeskflowSimulation/Migrations),
    /// applied when the simulation is set up on a database. They share the store's migration log.
    public static let simulation: [PostgresMigration] = [
        PostgresMigration("simulation-v1-gateway-ledger", createGatewayLedger),
        PostgresMigration("simulation-v1-outages", createOutages),
    ]

    /// What the payment provider knows: one row per idempotency key, the first final answer kept forever.
    static let createGatewayLedger: [PostgresQuery] = [
        """
        CREATE TABLE gateway_transactions (
            idempotency_key text PRIMARY KEY,
            kind text NOT NULL,
            order_number bigint NOT NULL,
            amount_minor bigint NOT NULL,
            card_last4 text,
            succeeded boolean NOT NULL,
            is_final boolean NOT NULL,
            reference text,
            failure_code text,
            failure_message text,
            attempts bigint NOT NULL DEFAULT 1,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX gateway_transactions_on_order_number ON gateway_transactions (order_number)",
    ]

    /// Outages of the simulated gateway and warehouse, switched on from the command line (`deskflow outage`).
    static let createOutages: [PostgresQuery] = [
        """
        CREATE TABLE simulated_outages (
            service text PRIMARY KEY CHECK (service IN ('gateway', 'warehouse')),
            mode text NOT NULL CHECK (mode IN ('timeout', 'fail')),
            until timestamptz NOT NULL
        )
        """,
    ]
}
