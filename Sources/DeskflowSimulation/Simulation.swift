import DeskflowOperations
import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite
import DeskflowStorePostgres

/// The embedded outside world — the simulated payment provider and warehouse — set up on a Deskflow database.
///
/// It keeps its own tables in the store's database (the provider's ledger, the outage switches), created by its own
/// migrations when it is set up; the store never names them. On PostgreSQL every instance sharing the database shares
/// one provider: its ledger is the truth, whichever instance a call comes through. The composition root (`deskflow`,
/// the web app's default) chooses it; everything else sees only the ports.
public struct Simulation: Sendable {
    let books: any SimulationBooks

    /// Sets the simulation up on `database`: applies its migrations, which create its tables, or adopt them from a
    /// database made before it had migrations of its own. Cheap when already set up.
    public static func setUp(on database: SQLiteStore) async throws -> Simulation {
        try await SimulationMigrations.migrate(database.sharedPool)
        return Simulation(books: SQLiteBooks(store: database))
    }

    /// Sets the simulation up on a PostgreSQL store: applies its migrations (`SimulationPostgresMigrations`) under the
    /// migrations' lock, so instances starting together create its tables once. Cheap when already set up.
    public static func setUp(on database: PostgresStore) async throws -> Simulation {
        try await PostgresMigrator.simulation(SimulationPostgresMigrations.all)
            .migrate(database.engine.client, logger: database.logger)
        return Simulation(books: PostgresBooks(store: database))
    }

    /// Sets the simulation up on the store a server runs on, by its engine. A store on any other engine is refused, in
    /// one line: such a server needs its payment provider and warehouse given to it.
    public static func setUp(on database: any DeskflowDatabase) async throws -> Simulation {
        if let store = database as? SQLiteStore { return try await setUp(on: store) }
        if let store = database as? PostgresStore { return try await setUp(on: store) }
        throw SimulationUnavailable()
    }

    public func gateway(clock: AppClock) -> SimulatedGateway {
        SimulatedGateway(books: books, clock: clock)
    }

    public func warehouse(clock: AppClock) -> SimulatedWarehouse {
        SimulatedWarehouse(books: books, clock: clock)
    }

    public var outages: SimulatedOutages { SimulatedOutages(books: books) }

    /// Hand this to the store's seeding and storefront placement, so the provider's ledger holds the calls the seeded
    /// and placed payments stand for, written in the store's own transactions (on SQLite synchronously, on PostgreSQL
    /// awaiting each statement: `AwaitingPaymentCallLedger`).
    public var seededPaymentCalls: any SeededPaymentCallLedger { SeededLedger() }
}

/// The simulated provider and warehouse keep their books in the store's own database, SQLite's or PostgreSQL's; a
/// store on another engine has none to keep them in.
public struct SimulationUnavailable: Error, CustomStringConvertible {
    public var description: String {
        "the simulated payment provider and warehouse run only on an SQLite or PostgreSQL database; "
            + "this store needs a real payment provider and warehouse"
    }
}
