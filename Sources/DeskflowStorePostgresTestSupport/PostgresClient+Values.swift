import Logging
import PostgresNIO

extension PostgresClient {
    /// The first column of every row `query` returns, for tests that look at what the store wrote.
    public func values<Value: PostgresDecodable>(
        _ query: PostgresQuery,
        as type: Value.Type,
        logger: Logger = PostgresTestServer.logger
    ) async throws -> [Value] {
        let rows = try await self.query(query, logger: logger)
        var values: [Value] = []
        for try await value in rows.decode(Value.self) {
            values.append(value)
        }
        return values
    }
}
