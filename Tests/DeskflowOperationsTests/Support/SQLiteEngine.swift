import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import GRDB

@testable import DeskflowStoreSQLite

// The composition root of these tests: they run on the SQLite store, the one engine so far. The tests themselves hold
// `any DeskflowDatabase`; only this file names the engine, for the few that damage rows on purpose, read what no store
// method returns, or set the simulation up beside the store.

/// Opens the stores the tests run on.
enum TestDatabase {
    /// A fresh store in a new temporary folder.
    static func temporary() throws -> any DeskflowDatabase { try SQLiteStore.temporary() }

    /// The store at `path`, made by a backup of another.
    static func open(path: String) throws -> any DeskflowDatabase { try SQLiteStore(path: path) }
}

extension StoreAdministration {
    var sqlite: SQLiteStore { self as! SQLiteStore }
    /// The file the store keeps, for reading and damaging rows directly.
    var pool: DatabasePool { sqlite.pool }
    var path: String { sqlite.path }
}

extension SimulatedGateway {
    init(database: any DeskflowDatabase, clock: AppClock) { self.init(database: database.sqlite, clock: clock) }
}

extension SimulatedWarehouse {
    init(database: any DeskflowDatabase, clock: AppClock) { self.init(database: database.sqlite, clock: clock) }
}

extension SimulatedOutages {
    init(database: any DeskflowDatabase) { self.init(database: database.sqlite) }
}
