import DeskflowOperations
@_spi(SharedDatabase) import DeskflowStore

/// The embedded outside world — the simulated payment provider and warehouse — set up on a Deskflow database.
///
/// It keeps its own tables in the store's file (the provider's ledger, the outage switches), created by its own
/// migrations when it is set up; the store never names them. The composition root (`deskflow`, the web app's default)
/// chooses it; everything else sees only the ports.
public struct Simulation: Sendable {
    public let database: AppDatabase

    /// Sets the simulation up on `database`: applies its migrations, which create its tables, or adopt them from a
    /// database made before it had migrations of its own. Cheap when already set up.
    public static func setUp(on database: AppDatabase) async throws -> Simulation {
        try await SimulationMigrations.migrate(database.sharedPool)
        return Simulation(database: database)
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
