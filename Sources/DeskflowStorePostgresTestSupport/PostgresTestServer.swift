import DeskflowStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server tests run against, named by `DESKFLOW_TEST_POSTGRES_URL` (CI sets it inside Debian's
/// `pg_virtualenv`). Without it, PostgreSQL tests are skipped, saying why:
/// `@Suite(.postgresServer)`.
///
/// Each test works in a schema of its own, made fresh and dropped afterwards, so tests run in parallel on one
/// database without seeing each other's rows.
public enum PostgresTestServer {
    public static let environmentVariable = "DESKFLOW_TEST_POSTGRES_URL"

    public static let url: String? = ProcessInfo.processInfo.environment[environmentVariable].flatMap {
        $0.isEmpty ? nil : $0
    }

    public static var isAvailable: Bool { url != nil }

    public static let skipReason =
        "PostgreSQL tests skipped: set DESKFLOW_TEST_POSTGRES_URL to run them (see the README's Tests section)"

    /// Quiet unless something goes wrong: postgres-nio and the migrator log at info.
    public static let logger: Logger = {
        var logger = Logger(label: "deskflow.tests.postgres")
        logger.logLevel = .warning
        return logger
    }()

    /// The server's settings; a test calling this without the variable set fails (it should have been skipped).
    public static func settings() throws -> PostgresSettings {
        guard let url else { throw MissingServer() }
        var settings = try PostgresSettings(url: url)
        // Many tests run at once, each with its own pool: a small pool each keeps them inside the server's limit.
        settings.maximumConnections = 6
        return settings
    }

    /// Runs `body` with a running engine whose connections create and find tables in a new empty schema (then in
    /// `public`, where the harness keeps `pg_trgm`), and drops the schema afterwards, whatever happened.
    public static func withFreshSchema<Result>(
        _ body: (_ engine: PostgresEngine, _ schema: String) async throws -> Result
    ) async throws -> Result {
        let settings = try settings()
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withAdministration(settings) { connection in
            try await installExtensions(on: connection)
            try await connection.perform(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        }
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(
                try await PostgresEngine.withRunningEngine(
                    settings: settings, searchPath: [schema, "public"], logger: logger
                ) { engine in
                    try await body(engine, schema)
                }
            )
        } catch {
            outcome = .failure(error)
        }
        try await withAdministration(settings) { connection in
            try await connection.perform(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
        }
        return try outcome.get()
    }

    /// Runs `body` with the settings of a new empty database on the test server, dropped afterwards whatever
    /// happened: for what works on a whole database (the command line's `deskflow migrate`), not in a schema.
    public static func withFreshDatabase<Result>(_ body: (PostgresSettings) async throws -> Result) async throws -> Result {
        let server = try settings()
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withAdministration(server) { connection in
            try await connection.perform(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var fresh = server
        fresh.database = name
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body(fresh))
        } catch {
            outcome = .failure(error)
        }
        try await withAdministration(server) { connection in
            try await connection.perform(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: logger)
        }
        return try outcome.get()
    }

    /// One connection outside any test's schema, closed afterwards.
    static func withAdministration(
        _ settings: PostgresSettings,
        _ body: (PostgresConnection) async throws -> Void
    ) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try settings.connectionConfiguration(), id: 0, logger: logger
        )
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Extensions belong to the database, not to a schema: made once in `public`, where every test's search path
    /// finds them, so no test's schema takes them away when it is dropped. The migrations' own `CREATE EXTENSION IF
    /// NOT EXISTS` then finds them there. Tests starting together take turns.
    static func installExtensions(on connection: PostgresConnection) async throws {
        try await connection.perform("BEGIN", logger: logger)
        do {
            try await connection.lockForTransaction(key: "deskflow-tests-extensions", logger: logger)
            try await connection.perform("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", logger: logger)
            try await connection.perform("COMMIT", logger: logger)
        } catch {
            try? await connection.perform("ROLLBACK", logger: logger)
            throw error
        }
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String { "\(PostgresTestServer.environmentVariable) is not set" }
    }
}

extension PostgresTestServer {
    /// Whether the test server offers TLS (`SHOW ssl`), for tests of the sslmodes.
    public static func serverHasTLS() async throws -> Bool {
        var hasTLS = false
        try await withAdministration(try settings()) { connection in
            let rows = try await connection.query("SHOW ssl", logger: logger)
            for try await setting in rows.decode(String.self) {
                hasTLS = setting == "on"
            }
        }
        return hasTLS
    }
}
