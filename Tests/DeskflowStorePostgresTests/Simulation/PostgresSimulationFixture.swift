import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO

/// The simulation set up on a fresh PostgreSQL schema, and the calls its tests make.
enum PostgresSimulationFixture {
    typealias S = PostgresStoreFixture
    static let logger = PostgresTestServer.logger
    static let now = S.now
    static let clock = AppClock.fixed(now)

    /// A migrated store with the simulation set up on it.
    static func withSimulation<Result>(
        _ body: (_ simulation: Simulation, _ store: PostgresStore, _ client: PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await S.withStore { store, client in
            try await body(try await Simulation.setUp(on: store), store, client)
        }
    }

    /// Two instances on one schema, as two servers on one database: each its own engine, pool, store and simulation.
    static func withTwoInstances<Result>(
        _ body: (_ first: Simulation, _ second: Simulation, _ client: PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, schema in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            let first = try await Simulation.setUp(on: PostgresStore(engine: engine, logger: logger))
            return try await PostgresEngine.withRunningEngine(
                settings: try PostgresTestServer.settings(), searchPath: [schema, "public"], logger: logger
            ) { other in
                let second = try await Simulation.setUp(on: PostgresStore(engine: other, logger: logger))
                return try await body(first, second, engine.client)
            }
        }
    }

    static func call(_ key: String, order: Int = 990_001, minor: Int64, card: String = "4242") -> GatewayCall {
        GatewayCall(
            idempotencyKey: key, orderNumber: order, amount: Money(minorUnits: minor, currency: .usd), cardLast4: card)
    }

    /// The ledger row kept under `key`: whether it succeeded, whether it is final, and its attempts.
    static func ledgerRow(_ key: String, _ client: PostgresClient) async throws -> (succeeded: Bool, isFinal: Bool, attempts: Int)? {
        let rows = try await client.query(
            "SELECT succeeded, is_final, attempts FROM gateway_transactions WHERE idempotency_key = \(key)", logger: logger)
        for try await row in rows.decode((Bool, Bool, Int).self) { return row }
        return nil
    }

    static func count(_ sql: String, _ client: PostgresClient) async throws -> Int {
        try await S.count(PostgresQuery(unsafeSQL: sql), client)
    }
}
