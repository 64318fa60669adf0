@_spi(SharedDatabase) import DeskflowStore
import Foundation
import GRDB

// A system embedded in Deskflow's database file — the simulated payment provider and warehouse — keeps its own
// tables there, created by its own migrations, and reaches them through this SPI
// (`@_spi(SharedDatabase) import DeskflowStoreSQLite`). The store never names those tables; production modules never
// import this SPI.

extension SQLiteStore {
    /// The store's pool, lent to a system that keeps its own tables in the same file: its writes queue behind the
    /// store's one writer (no second writer waiting on SQLite's lock) and it reads with the same settings.
    @_spi(SharedDatabase) public var sharedPool: DatabasePool { pool }
}

extension SharedTransaction {
    init(_ db: Database) { self.init(connection: db) }

    /// The seeding transaction's connection, for a system writing its own rows in it.
    @_spi(SharedDatabase) public var db: Database { connection as! Database }
}

/// The text GRDB stores for `date`, written without GRDB's formatter, which costs more than the insert itself when
/// millions of rows go in.
@_spi(SharedDatabase) public func databaseDateText(_ date: Date) -> String {
    DatabaseDateText.string(from: date)
}
