import DeskflowDomain
import DeskflowStore
import Foundation

/// The demo manager's sign-in, shown once when the demo store is seeded.
public struct DemoSignIn: Sendable {
    public var email: String
    public var password: String
}

/// Seeds the demo store and its manager account into an empty database.
public struct DemoSetup: Sendable {
    public static let managerEmail = "manager@demo.deskflow.test"

    let database: any DeskflowDatabase
    let accounts: StaffAccounts
    let clock: AppClock
    /// The payment provider's side of the seeded payments, when it keeps its ledger in the same database.
    let paymentCallLedger: (any SeededPaymentCallLedger)?

    public init(
        database: any DeskflowDatabase, accounts: StaffAccounts, clock: AppClock, paymentCallLedger: (any SeededPaymentCallLedger)? = nil
    ) {
        self.database = database
        self.accounts = accounts
        self.clock = clock
        self.paymentCallLedger = paymentCallLedger
    }

    /// Seeds the store when the database has none; returns the new manager's sign-in, or `nil` if a store was there.
    public func seedIfEmpty(_ definition: DemoStoreDefinition) async throws -> DemoSignIn? {
        guard try await database.isStoreEmpty() else { return nil }
        _ = try await database.seedDemoStore(definition, now: clock.now, paymentCallLedger: paymentCallLedger)
        let password = OneTimePassword.make()
        if try await database.staffCredentials(email: Self.managerEmail) == nil {
            _ = try await accounts.addUser(email: Self.managerEmail, name: "Demo Manager", role: .manager, password: password)
            return DemoSignIn(email: Self.managerEmail, password: password)
        }
        return DemoSignIn(email: Self.managerEmail, password: "(unchanged: the demo manager already existed)")
    }
}
