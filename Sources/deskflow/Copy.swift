import ArgumentParser
import DeskflowCommandLine
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStoreSQLite
import Foundation

struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy an SQLite store into an empty PostgreSQL database, then check it.",
        discussion: """
            Stop the server first, and back the file up (deskflow backup). The copy reads the SQLite store as one \
            snapshot, migrates the PostgreSQL database, and refuses it unless empty; every row keeps its id, and \
            everything goes in one transaction, so a copy that stops part-way leaves the database empty. Then it \
            runs deskflow check's checks on the copy, and exits 1 if any fails.
            """)

    @OptionGroup var options: DatabaseOptions
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The empty PostgreSQL database to copy into: postgres://user@host:port/database?sslmode=require (the "
                + "password comes from PGPASSWORD; never put it on the command line).",
            valueName: "url"))
    var to: String

    func run() async throws {
        let path = try sourcePath()
        let target = try targetLocation()
        // No server may write the file while it is read, nor start on it before the copy is done.
        let lock: ServeLock
        do {
            lock = try ServeLock.tryAcquire(databasePath: path)
        } catch {
            throw CommandFailure(error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        let database = try options.openSQLite(path)
        let source = try await oneLineErrors {
            _ = try await Simulation.setUp(on: database)
            return try database.copySource()
        }
        let started = ContinuousClock.now
        let problems = try await DatabaseOptions.withPostgres(target, logger: DatabaseOptions.quietLogger) { engine in
            let store = PostgresStore(engine: engine, logger: DatabaseOptions.quietLogger)
            let counts = try await oneLineErrors {
                _ = try await Simulation.setUp(on: store)
                return try await store.copy(from: source) { table in
                    print("\(table.table): \(table.rows) rows")
                    fflush(nil)  // a copy of a large store takes minutes: show each table as it is done
                }
            }
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            print(
                "Copied \(counts.map(\.rows).reduce(0, +)) rows of \(counts.count) tables from \(path) to \(target) "
                    + "in \(String(format: "%.1f", seconds)) s.")
            return try await oneLineErrors {
                try await Check.problems(in: store, pendingLimit: Int(StoreProblem.pendingLimit))
            }
        }
        Check.printReport(problems, of: .postgres(target))
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// The SQLite file to copy: `--database` or DESKFLOW_DATABASE, which must name one that exists.
    private func sourcePath() throws -> String {
        guard case .sqlite(let path) = try options.location() else {
            throw CommandFailure("deskflow copy reads an SQLite store: give its file with --database, not a URL")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("there is no database at \(path)")
        }
        return path
    }

    /// The PostgreSQL database `--to` names, its password from PGPASSWORD.
    private func targetLocation() throws -> PostgresLocation {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation(parsing: to, from: .commandLine, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure("--to: \(error.description)")
        }
        guard case .postgres(let server) = location else {
            throw CommandFailure("--to must be a postgres:// URL: deskflow copy copies into PostgreSQL")
        }
        return server
    }
}
