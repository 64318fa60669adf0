import DeskflowOperations
import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite

/// The embedded outside world — the simulated payment provider and warehouse — set up on a Deskflow database.
///
/// It keeps its own tables in the store's file (the provider's ledger, the outage switches), created by its own
/// migrations when it is set up; the store never names them. The composition root (`deskflow`, the web app's default)
/// chooses it; everything else sees only the ports.
public struct Simulation: Sendable {
    public let database: SQLiteStore

    /// Sets the simulation up on `database`: applies its migrations, which create its tables, or adopt them from a
    /// database made before it had migrations of its own. Cheap when already set up.
    public static func setUp(on database: SQLiteStore) async throws -> Simulation {
        try await SimulationMigrations.migrate(database.sharedPool)
        return Simulation(database: database)
    }

    /// Sets the simulation up on the store a server runs on, whatever the engine the caller holds it as. Its books
    /// live beside the store's tables in the SQLite file, so on any other engine it refuses, in one line: such a server
    /// needs its payment provider and warehouse given to it.
    public static func setUp(on database: any DeskflowDatabase) async throws -> Simulation {
        guard let store = database as? SQLiteStore else { throw SimulationUnavailable() }
        return try await setUp(on: store)
    }

    public func gateway(clock: AppClock) -> SimulatedGateway {
        SimulatedGateway(database: database, clock: clock)
    }

    public func warehouse(clock: AppClock) -> SimulatedWarehouse {
        SimulatedWarehouse(database: database, clock: clock)
    }

    public var outages: SimulatedOutages { SimulatedOutages(database: database) }

    /// Hand this to the store's seeding, so the provider's ledger holds the calls the seeded payments and refunds stand
    /// for, written in the seeding transactions.
    public var seededPaymentCalls: any SeededPaymentCallLedger { SeededLedger() }
}

/// The simulated provider and warehouse keep their books in the SQLite store's file; a store on another engine has
/// none to keep them in.
public struct SimulationUnavailable: Error, CustomStringConvertible {
    public var description: String {
        "the simulated payment provider and warehouse run only on an SQLite database; "
            + "this store needs a real payment provider and warehouse"
    }
}
