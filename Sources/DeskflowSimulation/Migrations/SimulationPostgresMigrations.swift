/// The simulation's own tables on PostgreSQL, under the names of its SQLite migrations (`SimulationMigrations`),
/// applied by the engine's migrator (`PostgresMigrator.simulation(_:)` in DeskflowStorePostgres) when the simulation is
/// set up on a PostgreSQL store (`Simulation.setUp(on:)`) and by `deskflow migrate`. They are plain SQL, one statement
/// each. A migration that has shipped is never edited.
public enum SimulationPostgresMigrations {
    public static let all: [(name: String, statements: [String])] = [
        ("simulation-v1-gateway-ledger", gatewayLedger),
        ("simulation-v1-outages", outages),
    ]

    /// What the payment provider knows: one row per idempotency key, the first final answer kept forever.
    static let gatewayLedger = [
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
    static let outages = [
        """
        CREATE TABLE simulated_outages (
            service text PRIMARY KEY CHECK (service IN ('gateway', 'warehouse')),
            mode text NOT NULL CHECK (mode IN ('timeout', 'fail')),
            until timestamptz NOT NULL
        )
        """,
    ]
}
