import GRDB

extension Migrations {
    /// Outages of the embedded gateway and warehouse, switched on from the command line so fault drills can be run
    /// against a live server.
    static func createSimulatedOutages(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE simulated_outages (
              service TEXT PRIMARY KEY NOT NULL CHECK (service IN ('gateway', 'warehouse')),
              mode TEXT NOT NULL CHECK (mode IN ('timeout', 'fail')),
              until DATETIME NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
