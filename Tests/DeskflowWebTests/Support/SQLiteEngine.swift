import DeskflowStore
import Foundation
import GRDB

@testable import DeskflowStoreSQLite

// The composition root of these tests: the app runs on the SQLite store, the one engine so far. The tests themselves
// hold `any DeskflowDatabase`; only the files under Support/ name the engine, for the few tests that damage rows on
// purpose, read what no page shows, or put the database into a fault.

/// Opens the stores the tests run on.
enum TestDatabase {
    /// A fresh store in a new temporary folder.
    static func temporary() throws -> any DeskflowDatabase { try SQLiteStore.temporary() }

    /// The store at `path`; `busyTimeout` is how long a write waits for another process's lock.
    static func open(path: String, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws -> any DeskflowDatabase {
        try SQLiteStore(path: path, busyTimeout: busyTimeout)
    }
}

extension StoreAdministration {
    var sqlite: SQLiteStore { self as! SQLiteStore }
    /// The file the store keeps, for reading and damaging rows directly.
    var pool: DatabasePool { sqlite.pool }
    var path: String { sqlite.path }
}
