import ArgumentParser
import DeskflowCommandLine
import DeskflowStore
import DeskflowStoreSQLite
import Foundation

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

    func open() throws -> SQLiteStore {
        try open(location())
    }

    func open(_ location: DatabaseLocation) throws -> SQLiteStore {
        switch location {
        case .sqlite(let path): return try openSQLite(path)
        case .postgres(let server): return try openPostgres(server)
        }
    }

    private func openSQLite(_ path: String) throws -> SQLiteStore {
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

    /// Every command reaches PostgreSQL through here: the one place the engine is plugged in.
    private func openPostgres(_ server: PostgresLocation) throws -> SQLiteStore {
        throw CommandFailure(
            "this build can migrate a PostgreSQL database (deskflow migrate) but not yet serve or change one, so it "
                + "cannot open \(server)")
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
