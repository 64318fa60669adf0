import PostgresNIO

extension PostgresMigrations {
    /// `v17-order-search-index`: part of a customer's name or email found without reading every order. SQLite keeps
    /// an FTS5 trigram table in step by triggers; PostgreSQL's `pg_trgm` (in postgresql-contrib) indexes the columns
    /// themselves with GIN, and `ILIKE '%text%'` on either column uses its index (trigrams ignore case, like FTS5's).
    ///
    /// `pg_trgm` is a trusted extension: a user allowed to create objects in the database may create it. It goes
    /// where the session creates objects, and is found again through the search path.
    static let createOrderSearchIndex: [PostgresQuery] = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX orders_search_by_name ON orders USING gin (customer_name gin_trgm_ops)",
        "CREATE INDEX orders_search_by_email ON orders USING gin (customer_email gin_trgm_ops)",
    ]
}
