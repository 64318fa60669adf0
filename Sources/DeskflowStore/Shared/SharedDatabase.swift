import Foundation
import GRDB

// A system embedded in Deskflow's database file — the simulated payment provider and warehouse — keeps its own
// tables there, created by its own migrations, and reaches them through this SPI
// (`@_spi(SharedDatabase) import DeskflowStore`). The store never names those tables; production modules never
// import this SPI.

extension AppDatabase {
    /// The store's pool, lent to a system that keeps its own tables in the same file: its writes queue behind the
    /// store's one writer (no second writer waiting on SQLite's lock) and it reads with the same settings.
    @_spi(SharedDatabase) public var sharedPool: DatabasePool { pool }
}

/// One of the store's write transactions, lent for a moment to a system that keeps its own tables in the same
/// database, so that what it writes commits or rolls back with the store's rows.
public struct SharedTransaction {
    @_spi(SharedDatabase) public let db: Database

    init(_ db: Database) { self.db = db }
}

/// A payment call the seeder made up, as the payment provider would have recorded it.
public struct SeededPaymentCall: Hashable, Sendable {
    public var idempotencyKey: String
    /// `authorization`, `capture`, `charge`, `refund` or `void`.
    public var kind: String
    public var orderNumber: Int
    public var amountMinor: Int64
    public var cardLast4: String?
    public var succeeded: Bool
    public var reference: String?
    public var failureCode: String?
    public var failureMessage: String?
    public var createdAt: Date
}

/// The payment provider's side of seeded orders. A provider that keeps its books in the same database (the
/// simulated one) records the calls the seeder made up, so its ledger agrees with the seeded payments and refunds
/// from the start; seeding without one writes Deskflow's side only.
public protocol SeededPaymentCallLedger: Sendable {
    /// Records `calls`, in the order they were made up, inside the seeding transaction. Called once per batch of
    /// orders, never once per call.
    func record(_ calls: [SeededPaymentCall], in transaction: SharedTransaction) throws
}

/// The text GRDB stores for `date`, written without GRDB's formatter, which costs more than the insert itself when
/// millions of rows go in.
@_spi(SharedDatabase) public func databaseDateText(_ date: Date) -> String {
    DatabaseDateText.string(from: date)
}
