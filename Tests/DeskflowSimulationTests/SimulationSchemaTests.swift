import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowSimulation
@testable import DeskflowStoreSQLite

extension DeskflowSimulationTests {
    /// The provider's ledger and the outage switches are the simulation's tables, made by its own migrations; the store's
    /// migrations leave a new database without them, and hand over the ones older databases already have.
    @Suite("The simulation's own tables")
    struct Schema {
        typealias F = SimulationFixtures

        @Test("the store's migrations leave a new database without the simulation's tables; the simulation's make them")
        func freshDatabase() async throws {
            // given a new database, migrated by the store
            let database = try SQLiteStore.temporary()
            #expect(try await F.tables(database) == [])

            // when the simulation is set up on it, twice
            _ = try await Simulation.setUp(on: database)
            _ = try await Simulation.setUp(on: database)

            // then it has its tables, and both sets of migrations are recorded
            #expect(try await F.tables(database) == F.simulationTables)
            let applied = try await database.pool.read { db in try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") }
            #expect(applied.isSuperset(of: ["simulation-v1-gateway-ledger", "simulation-v1-outages", "v10-simulator-tables-handed-over"]))

            // and the store opens it again untroubled by migrations it does not know
            let reopened = try SQLiteStore(path: database.path)
            #expect(try await F.tables(reopened) == F.simulationTables)
        }

        @Test("the ledger's record has exactly the table's columns, in order")
        func recordMatchesTable() async throws {
            let database = try SQLiteStore.temporary()
            _ = try await Simulation.setUp(on: database)
            let columns = try await database.pool.read { db in try db.columns(in: "gateway_transactions").map(\.name) }
            #expect(columns == GatewayTransactionRecord.Columns.allCases.map(\.rawValue))
        }

        @Test("an older database keeps its ledger and outages, rows and all, and the simulation adopts them as they are")
        func upgradeKeepsRows() async throws {
            // given a database from before the simulation had migrations, with a ledger entry and an outage
            let path = try F.temporaryPath()
            try await offThread {
                let queue = try DatabaseQueue(path: path)
                try Migrations.migrator.migrate(queue, upTo: "v8-simulated-outages")
                try queue.write { db in
                    try db.execute(sql: """
                        INSERT INTO gateway_transactions
                          (idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference, attempts, created_at)
                        VALUES ('seed-1001-capture', 'capture', 1001, 4200, '4242', 1, 1, 'sim_cap_1001', 1, '2026-11-01 10:00:00.000')
                        """)
                    try db.execute(sql: "INSERT INTO simulated_outages (service, mode, until) VALUES ('warehouse', 'fail', '2099-01-01 00:00:00.000')")
                }
            }

            // when this version opens it, then sets the simulation up on it
            let database = try SQLiteStore(path: path)
            #expect(try await F.tables(database) == F.simulationTables)
            let simulation = try await Simulation.setUp(on: database)

            // then nothing was lost
            #expect(try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE amount_minor = 4200") == 1)
            #expect(try await simulation.outages.mode(of: .warehouse, now: F.now) == .fail)

            // and its schema is the one a new database gets
            let fresh = try SQLiteStore.temporary()
            _ = try await Simulation.setUp(on: fresh)
            #expect(try await F.schema(database) == F.schema(fresh))
            #expect(try await F.schema(database).count == 3)
        }

        @Test("an older database's empty simulation tables are dropped by the store, and made again by the simulation")
        func upgradeDropsEmptyTables() async throws {
            // given a database from before the simulation had migrations, that never used the simulated provider
            let path = try F.temporaryPath()
            try await offThread {
                try Migrations.migrator.migrate(try DatabaseQueue(path: path), upTo: "v8-simulated-outages")
            }

            // when this version opens it
            let database = try SQLiteStore(path: path)

            // then the store has handed the tables back, and the simulation makes its own
            #expect(try await F.tables(database) == [])
            _ = try await Simulation.setUp(on: database)
            let fresh = try SQLiteStore.temporary()
            _ = try await Simulation.setUp(on: fresh)
            #expect(try await F.schema(database) == F.schema(fresh))
        }
    }
}
