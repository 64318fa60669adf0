import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the suite or test only when a PostgreSQL server is named (`DESKFLOW_TEST_POSTGRES_URL`); otherwise it is
    /// reported as skipped, with the reason, never passed.
    public static var postgresServer: Self {
        .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.skipReason))
    }
}
