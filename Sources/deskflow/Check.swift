import ArgumentParser
import DeskflowCommandLine
import DeskflowSimulation
import DeskflowStore
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the store's invariants: stock against its ledger, money against the provider, nothing stuck, "
            + "counts against their rows, nothing done twice. Exits 1 with one line per problem.")

    @OptionGroup var options: DatabaseOptions
    @Flag(name: .long, help: "Print the result as JSON.") var json = false
    @Option(name: .long, help: ArgumentHelp("A payment call or a delivery waiting longer than this is stuck.", valueName: "seconds"))
    var pendingLimit: Int = Int(StoreProblem.pendingLimit)

    struct Report: Encodable {
        var ok: Bool
        var problems: [StoreProblem]
    }

    func run() async throws {
        let location = try options.location()
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("there is no database at \(path)")
        }
        let problems = try await options.withDatabase(location) { database in
            try await oneLineErrors { try await Self.problems(in: database, pendingLimit: pendingLimit) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Report(ok: problems.isEmpty, problems: problems)), as: UTF8.self))
        } else {
            Self.printReport(problems, of: location)
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// The report's lines: one per problem, or that all invariants hold.
    static func printReport(_ problems: [StoreProblem], of location: DatabaseLocation) {
        if problems.isEmpty {
            print("All invariants hold: \(location)")
        } else {
            for problem in problems { print(problem) }
        }
    }

    /// A damaged file is reported alone; otherwise the simulated provider's ledger is checked against the simulated
    /// payments (Stripe keeps its own books).
    static func problems(in database: any DeskflowDatabase, pendingLimit: Int) async throws -> [StoreProblem] {
        let store = try await database.storeProblems(now: Date(), pendingLimit: TimeInterval(max(pendingLimit, 0)))
        guard !store.contains(where: \.isDamagedFile) else { return store }
        return StoreProblem.report(store, try await Simulation.setUp(on: database).ledgerProblems())
    }
}
