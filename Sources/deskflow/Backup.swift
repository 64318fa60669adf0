import ArgumentParser
import Foundation

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a consistent copy of the live database.")

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "Where to write the copy.") var path: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("\(path) already exists; choose a new file name")
        }
        let database = try options.open()
        do {
            try await database.backup(to: path)
        } catch {
            throw CommandFailure(error.description)
        }
        print("Backed up \(options.database) to \(path).")
    }
}
