import GRDB

extension Migrations {
    /// The simulated payment provider's ledger and the outage switches were created by `v2` and `v8` before the
    /// simulation had migrations of its own; they are its tables now, not the store's. An empty one is dropped, so a
    /// new database holds only the store's tables until the simulation is set up on it. One with rows (a demo store's
    /// ledger, a drill's outage) stays where it is, rows and all, for the simulation's migrations to adopt: its
    /// ledger must go on agreeing with the payments, or `deskflow check` would fail after the upgrade.
    static func handOverSimulatorTables(_ db: Database) throws {
        for table in ["gateway_transactions", "simulated_outages"] where try db.tableExists(table) {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") != true {
                try db.drop(table: table)
            }
        }
    }
}
