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
        let database = try options.open(location)
        do {
            try await database.backup(to: path)
        } catch {
            throw CommandFailure(error.description)
        }
        print("Backed up \(file) to \(path).")
    }
}
