import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import PostgresNIO
import Testing

@Suite("PostgreSQL transactions", .postgresServer)
struct PostgresTransactionTests {
    let logger = PostgresTestServer.logger

    struct StaleForm: Error, Equatable {}

    /// How many times each transaction's body ran.
    actor Attempts {
        private(set) var counts: [String: Int] = [:]
        func next(_ name: String) -> Int {
            counts[name, default: 0] += 1
            return counts[name]!
        }
    }

    @Test("what the body writes is committed")
    func commits() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await engine.client.perform("CREATE TABLE notes (text text)", logger: logger)
            try await engine.client.withRetryingTransaction(logger: logger) { connection in
                try await connection.perform("INSERT INTO notes VALUES ('kept')", logger: logger)
            }
            let notes = try await engine.client.values("SELECT text FROM notes", as: String.self)
            #expect(notes == ["kept"])
        }
    }

    @Test("the body's own error comes out as itself, and what it wrote is rolled back")
    func bodyErrorRollsBack() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await engine.client.perform("CREATE TABLE notes (text text)", logger: logger)
            await #expect(throws: StaleForm()) {
                try await engine.client.withRetryingTransaction(logger: logger) { connection in
                    try await connection.perform("INSERT INTO notes VALUES ('dropped')", logger: logger)
                    throw StaleForm()
                }
            }
            let notes = try await engine.client.values("SELECT count(*) FROM notes", as: Int.self)
            #expect(notes == [0])
        }
    }

    @Test("a server error comes out as PSQLError with its SQLSTATE")
    func serverError() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let error = await #expect(throws: PSQLError.self) {
                try await engine.client.withRetryingTransaction(logger: logger) { connection in
                    try await connection.perform("SELECT * FROM no_such_table", logger: logger)
                }
            }
            #expect(error?.sqlState == "42P01")
        }
    }

    @Test("a transaction aborted to break a deadlock runs again, and both commit")
    func retriesDeadlock() async throws {
        try await PostgresTestServer.withFreshSchema { engine, schema in
            let client = engine.client
            try await client.perform("CREATE TABLE notes (text text)", logger: logger)
            let attempts = Attempts()
            let firstHoldsA = Signal()
            let secondHoldsB = Signal()
            // Each takes one key, waits until the other holds the other key, then asks for it: a cycle the server
            // breaks by aborting one of them. Only first attempts wait, so the retry runs straight through.
            async let first: Void = client.withRetryingTransaction(logger: logger) { connection in
                let attempt = await attempts.next("first")
                try await connection.lockForTransaction(key: "\(schema)-a", logger: logger)
                if attempt == 1 {
                    firstHoldsA.fire()
                    await secondHoldsB.wait()
                }
                try await connection.lockForTransaction(key: "\(schema)-b", logger: logger)
                try await connection.perform("INSERT INTO notes VALUES ('first')", logger: logger)
            }
            async let second: Void = client.withRetryingTransaction(logger: logger) { connection in
                let attempt = await attempts.next("second")
                if attempt == 1 { await firstHoldsA.wait() }
                try await connection.lockForTransaction(key: "\(schema)-b", logger: logger)
                if attempt == 1 { secondHoldsB.fire() }
                try await connection.lockForTransaction(key: "\(schema)-a", logger: logger)
                try await connection.perform("INSERT INTO notes VALUES ('second')", logger: logger)
            }
            try await first
            try await second
            let counts = await attempts.counts
            #expect(counts.values.sorted() == [1, 2])
            let notes = try await client.values("SELECT text FROM notes ORDER BY text", as: String.self)
            #expect(notes == ["first", "second"])
        }
    }
}
