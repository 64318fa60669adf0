import ArgumentParser
import DeskflowCommandLine
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStoreSQLite
import Foundation
import Logging

/// `--database PATH|URL`, on every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A SQLite file, or a postgres://user@host:port/database?sslmode=require URL (the password comes from "
                + "PGPASSWORD, or from the URL in DESKFLOW_DATABASE; never put it on the command line). "
                + "Default: DESKFLOW_DATABASE, then \(DatabaseLocation.defaultPath).",
            valueName: "path-or-url"))
    var database: String?

    /// Where the database is; refused in one line (never showing a password) when the URL is not one.
    func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.chosen(option: database, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Runs `body` with the store the options name.
    func withDatabase<Result>(
        logger: Logger = DatabaseOptions.quietLogger, _ body: (any DeskflowDatabase) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(location(), logger: logger, body)
    }

    /// Runs `body` with the store at `location`, migrated to this version. A PostgreSQL store is reached through a
    /// pool that lives while `body` runs: every command reaches PostgreSQL through here, the one place the engine is
    /// plugged in.
    func withDatabase<Result>(
        _ location: DatabaseLocation, logger: Logger = DatabaseOptions.quietLogger,
        _ body: (any DeskflowDatabase) async throws -> Result
    ) async throws -> Result {
        switch location {
        case .sqlite(let path):
            return try await body(try openSQLite(path))
        case .postgres(let server):
            return try await Self.withPostgres(server, logger: logger) { engine in
                try await body(PostgresStore(engine: engine, logger: logger))
            }
        }
    }

    /// Runs `body` with a running pool on a migrated PostgreSQL database. The connect check comes first, so a wrong
    /// password, an unknown host or a server older than 15 is one line; the store's migrations run under their
    /// advisory lock, so instances starting together apply each once.
    static func withPostgres<Result>(
        _ server: PostgresLocation, logger: Logger, _ body: (PostgresEngine) async throws -> Result
    ) async throws -> Result {
        let settings = server.settings
        try await oneLineErrors { _ = try await settings.checkConnection(logger: logger) }
        return try await PostgresEngine.withRunningEngine(settings: settings, logger: logger) { engine in
            try await oneLineErrors { _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger) }
            return try await body(engine)
        }
    }

    /// Commands other than `serve` log only what goes wrong.
    static var quietLogger: Logger {
        var logger = Logger(label: "deskflow.database")
        logger.logLevel = .warning
        return logger
    }

    /// The SQLite store at `path`, migrated; refused in one line when it cannot be opened.
    func openSQLite(_ path: String) throws -> SQLiteStore {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
            throw CommandFailure("cannot write the database at \(path): the folder \(folder) is missing or not writable")
        }
        do {
            return try SQLiteStore(path: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// An error printed as one line, with a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, turning any error into a one-line `CommandFailure`.
func oneLineErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure("\(error)")
    }
}
