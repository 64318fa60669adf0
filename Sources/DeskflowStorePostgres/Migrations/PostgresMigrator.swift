import Logging
import PostgresNIO

/// Applies a list of migrations to a database, recording each by name in `deskflow_migrations`.
///
/// All the pending ones run in ONE transaction under an advisory lock: instances starting together wait for each
/// other, and the second finds everything applied. PostgreSQL's DDL is transactional, so a failing migration leaves
/// the database as it was. A database holding a migration this build does not know (a newer Deskflow's) is refused:
/// this build would misread its tables.
///
/// The store's list and the simulation's share the log, as they share GRDB's on SQLite: the simulation's names begin
/// with `simulation-`, and each list judges only the names of its own kind.
public struct PostgresMigrator: Sendable {
    public let migrations: [PostgresMigration]
    /// Whether a recorded name is of this list's kind, so that one this build does not know means a newer Deskflow.
    let owns: @Sendable (String) -> Bool

    init(migrations: [PostgresMigration], owns: @escaping @Sendable (String) -> Bool) {
        self.migrations = migrations
        self.owns = owns
    }

    static let simulationPrefix = "simulation-"

    /// The store's migrations.
    public static let store = PostgresMigrator(migrations: PostgresMigrations.store) {
        !$0.hasPrefix(simulationPrefix)
    }

    /// The simulation's own migrations (`SimulationPostgresMigrations.all` in DeskflowSimulation).
    public static func simulation(_ migrations: [(name: String, statements: [String])]) -> PostgresMigrator {
        PostgresMigrator(migrations: migrations.map { PostgresMigration(name: $0.name, statements: $0.statements) }) {
            $0.hasPrefix(simulationPrefix)
        }
    }

    /// Every migration's lock: one key for the whole database, whichever list is migrating.
    static let lockKey = "deskflow-migrations"

    /// Applies the migrations not applied yet and returns their names, in order; none when all are applied.
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: Self.lockKey, logger: logger)
            try await connection.perform(
                """
                CREATE TABLE IF NOT EXISTS deskflow_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                logger: logger
            )
            let applied = try await Self.appliedNames(on: connection, logger: logger)
            let known = Set(migrations.map(\.name))
            let unknown = applied.filter { owns($0) && !known.contains($0) }
            guard unknown.isEmpty else {
                throw PostgresMigrationError.unknownMigrations(unknown)
            }
            let pending = migrations.filter { !applied.contains($0.name) }
            for migration in pending {
                try await apply(migration, on: connection, logger: logger)
            }
            return pending.map(\.name)
        }
    }

    /// The names recorded in the log, in the order they were applied; none on a database never migrated.
    public static func appliedNames(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            try await appliedNames(on: connection, logger: logger)
        }
    }

    static func appliedNames(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let exists = try await connection.queryWhileOpen(
            "SELECT to_regclass('deskflow_migrations') IS NOT NULL", logger: logger
        )
        for try await exists in exists.decode(Bool.self) where !exists {
            return []
        }
        let rows = try await connection.queryWhileOpen(
            "SELECT name FROM deskflow_migrations ORDER BY applied_at, name", logger: logger
        )
        var names: [String] = []
        for try await name in rows.decode(String.self) {
            names.append(name)
        }
        return names
    }

    private func apply(_ migration: PostgresMigration, on connection: PostgresConnection, logger: Logger) async throws {
        do {
            for statement in migration.statements {
                try await connection.perform(statement, logger: logger)
            }
            try await connection.perform(
                "INSERT INTO deskflow_migrations (name, applied_at) VALUES (\(migration.name), clock_timestamp())",
                logger: logger
            )
        } catch let error as PSQLError where error.code == .server && !error.isRetryableTransactionFailure {
            throw PostgresMigrationError.failed(migration.name, PostgresServerMessage(error))
        }
        logger.info("migration applied", metadata: ["migration": "\(migration.name)"])
    }
}

/// Why the migrations stopped. One line each; nothing was applied.
public enum PostgresMigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database was migrated by a newer Deskflow.
    case unknownMigrations([String])
    /// The server refused a migration's statement.
    case failed(String, PostgresServerMessage)

    public var description: String {
        switch self {
        case .unknownMigrations(let names):
            "the database has migrations this version of Deskflow does not know (\(names.joined(separator: ", "))): "
                + "it was migrated by a newer version; run that version"
        case .failed(let name, let message):
            "migration \(name) failed: \(message)"
        }
    }
}
