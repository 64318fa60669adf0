import ArgumentParser
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowWeb
import Foundation

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo store, or bulk orders for load testing.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Seed the demo store into an empty database.") var demo = false
    @Option(help: "Add N generated orders.") var orders: Int?
    @Option(help: "The folder holding Resources/ (default: the working directory, then the package root).")
    var root: String?

    func validate() throws {
        if !demo && orders == nil { throw ValidationError("say what to seed: --demo, or --orders N") }
        if let orders, orders < 1 { throw ValidationError("--orders takes a positive number") }
    }

    func run() async throws {
        try await options.withDatabase { database in try await seed(database) }
    }

    private func seed(_ database: any DeskflowDatabase) async throws {
        // Payments in this store go through the simulated provider: its ledger gets the seeded calls.
        let simulation = try await oneLineErrors { try await Simulation.setUp(on: database) }
        let resourceRoot = try await oneLineErrors { try ResourceRoot.locate(explicit: root) }
        let definition = try DemoStoreDefinition.load(
            from: resourceRoot.appendingPathComponent("Resources/demo-store.json"))
        if demo {
            let accounts = StaffAccounts(database: database, hasher: PasswordHasher(), clock: .system)
            let setup = DemoSetup(
                database: database, accounts: accounts, clock: .system, paymentCallLedger: simulation.seededPaymentCalls)
            guard let signIn = try await setup.seedIfEmpty(definition)
            else { throw CommandFailure("the database already holds a store; the demo store only goes into an empty one") }
            print("Demo store seeded. Sign in as \(signIn.email) with password \(signIn.password)")
        }
        if let orders {
            let started = Date()
            try await database.seedBulkOrders(
                count: orders, definition: definition, now: Date(), batchSize: nil,
                paymentCallLedger: simulation.seededPaymentCalls
            ) { written in
                let percent = written * 100 / orders
                let elapsed = Date().timeIntervalSince(started)
                FileHandle.standardError.write(Data("\rSeeding orders: \(written)/\(orders) (\(percent)%) in \(Int(elapsed))s".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("Added \(orders) orders in \(Int(Date().timeIntervalSince(started)))s.")
        }
    }
}
