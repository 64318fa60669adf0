import DeskflowStore
@testable import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import PostgresNIO
import _ConnectionPoolModule
import Testing

@Suite("PostgreSQL errors as database faults")
struct PostgresFaultTests {
    let logger = PostgresTestServer.logger

    static let sqlStates: [(state: String, fault: DatabaseFault?)] = [
        ("08000", .busy), ("08006", .busy), ("08P01", .busy),
        ("57P01", .busy), ("57P02", .busy), ("57P03", .busy), ("57014", .busy),
        ("53300", .busy), ("55P03", .busy), ("40001", .busy), ("40P01", .busy),
        ("25006", .readOnly),
        ("53100", .full),
        ("58030", .diskError),
        ("23505", nil), ("23503", nil), ("42P01", nil), ("28P01", nil), ("3D000", nil), ("22001", nil),
    ]

    @Test("each SQLSTATE that is a condition of the server is a fault; the rest are not", arguments: sqlStates)
    func sqlStateTable(_ state: String, _ fault: DatabaseFault?) {
        #expect(PSQLError.fault(forSQLState: state) == fault)
    }

    @Test("a pool that cannot reach the server, or is shut down, is busy; a cancelled wait is not a fault")
    func poolErrors() {
        #expect(DatabaseFault(postgres: ConnectionPoolError.connectionCreationCircuitBreakerTripped) == .busy)
        #expect(DatabaseFault(postgres: ConnectionPoolError.poolShutdown) == .busy)
        #expect(DatabaseFault(postgres: ConnectionPoolError.requestCancelled) == nil)
        #expect(DatabaseFault(postgres: CancellationError()) == nil)
    }

    @Test("a write in a read-only transaction (a standby after a failover) is readOnly", .postgresServer)
    func readOnly() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let error = await #expect(throws: PSQLError.self) {
                try await engine.client.withRetryingTransaction(logger: logger) { connection in
                    try await connection.perform("SET TRANSACTION READ ONLY", logger: logger)
                    try await connection.perform("CREATE TABLE notes (text text)", logger: logger)
                }
            }
            #expect(error?.sqlState == "25006")
            #expect(error.flatMap { DatabaseFault(postgres: $0) } == .readOnly)
        }
    }

    @Test("postgres-nio's own transaction error gives the fault of the step that failed", .postgresServer)
    func transactionError() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let error = await #expect(throws: PostgresTransactionError.self) {
                try await engine.client.withTransaction(logger: logger) { connection in
                    try await connection.perform("SET TRANSACTION READ ONLY", logger: logger)
                    try await connection.perform("CREATE TABLE notes (text text)", logger: logger)
                }
            }
            #expect(error.flatMap { DatabaseFault(postgres: $0) } == .readOnly)
        }
    }

    @Test("a statement stopped by its timeout is busy", .postgresServer)
    func statementTimeout() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let error = await #expect(throws: PSQLError.self) {
                try await engine.client.withRetryingTransaction(logger: logger) { connection in
                    try await connection.perform("SET LOCAL statement_timeout = 1", logger: logger)
                    // Far longer than the timeout: the server always cancels it.
                    try await connection.perform("SELECT pg_sleep(60)", logger: logger)
                }
            }
            #expect(error?.sqlState == "57014")
            #expect(error.flatMap { DatabaseFault(postgres: $0) } == .busy)
        }
    }

    @Test("a connection the server ends during a statement (an administrator, a restart) is busy", .postgresServer)
    func terminatedConnection() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            // The connection's own server process ends itself, so the end always comes during the statement.
            // (Ending it from another connection races with the next statement: postgres-nio 1.33.2 can leave a
            // statement sent on a connection that has just closed waiting forever.)
            let error = await #expect(throws: PSQLError.self) {
                try await engine.client.perform("SELECT pg_terminate_backend(pg_backend_pid())", logger: logger)
            }
            #expect(error.flatMap { DatabaseFault(postgres: $0) } == .busy)
        }
    }

    @Test("a constraint the request broke is not a fault", .postgresServer)
    func constraint() async throws {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await engine.client.perform("CREATE TABLE notes (text text PRIMARY KEY)", logger: logger)
            try await engine.client.perform("INSERT INTO notes VALUES ('once')", logger: logger)
            let error = await #expect(throws: PSQLError.self) {
                try await engine.client.perform("INSERT INTO notes VALUES ('once')", logger: logger)
            }
            #expect(error?.sqlState == "23505")
            #expect(error.flatMap { DatabaseFault(postgres: $0) } == nil)
        }
    }
}
