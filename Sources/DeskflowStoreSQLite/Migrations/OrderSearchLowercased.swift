import GRDB

extension Migrations {
    /// PostgreSQL's step of this name lower-cases the searched name and email once, when an order is written. SQLite's
    /// FTS5 trigram table already ignores case, so here the step changes nothing; it is recorded so that both engines
    /// list the same migrations.
    static func lowercaseOrderSearch(_ db: Database) throws {}
}
