import ArgumentParser
import DeskflowCommandLine
import Foundation

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a consistent copy of the live database.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Where to write the copy.") var path: String

    func run() async throws {
        let location = try options.location()
        let file = try await oneLineErrors { try location.fileToBackUp() }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("\(path) already exists; choose a new file name")
        }
        try await options.withDatabase(location) { database in
            do {
                try await database.backup(to: path)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        print("Backed up \(file) to \(path).")
    }
}
