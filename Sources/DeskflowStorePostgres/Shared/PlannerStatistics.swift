import PostgresNIO

extension PostgresStore {
    /// Gathers the planner's statistics after a bulk load (seeding, `deskflow copy`), as PostgreSQL's own advice on
    /// populating a database says. Freshly filled tables have none until autovacuum gets round to them, and the
    /// planner then guesses: at 10,000 seeded orders it scanned every order for a name search that walking the
    /// list's index answers in under 2 ms.
    func refreshPlannerStatistics() async throws {
        try await client.perform("ANALYZE", logger: logger)
    }
}
