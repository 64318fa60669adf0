import ArgumentParser
import DeskflowStore
import DeskflowStoreSQLite
import Foundation

/// `--database PATH`, on every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database file.", valueName: "path"))
    var database: String = ProcessInfo.processInfo.environment["DESKFLOW_DATABASE"] ?? "./deskflow.sqlite"

    func open() throws -> SQLiteStore {
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
            throw CommandFailure("cannot write the database at \(database): the folder \(folder) is missing or not writable")
        }
        do {
            return try SQLiteStore(path: database)
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
