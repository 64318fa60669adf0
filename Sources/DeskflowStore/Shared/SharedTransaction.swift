import Foundation

/// One of the store's write transactions, lent for a moment to a system that keeps its own tables in the same
/// database, so that what it writes commits or rolls back with the store's rows.
///
/// What it holds is the engine's own connection inside that transaction; only the engine's `SharedDatabase` SPI opens
/// it (on SQLite, as GRDB's `Database`).
public struct SharedTransaction {
    @_spi(SharedDatabase) public let connection: AnyObject

    @_spi(SharedDatabase) public init(connection: AnyObject) { self.connection = connection }
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

    package init(
        idempotencyKey: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String? = nil,
        succeeded: Bool, reference: String? = nil, failureCode: String? = nil, failureMessage: String? = nil,
        createdAt: Date
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.orderNumber = orderNumber
        self.amountMinor = amountMinor
        self.cardLast4 = cardLast4
        self.succeeded = succeeded
        self.reference = reference
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.createdAt = createdAt
    }
}

/// The payment provider's side of seeded orders. A provider that keeps its books in the same database (the
/// simulated one) records the calls the seeder made up, so its ledger agrees with the seeded payments and refunds
/// from the start; seeding without one writes Deskflow's side only.
public protocol SeededPaymentCallLedger: Sendable {
    /// Records `calls`, in the order they were made up, inside the seeding transaction. Called once per batch of
    /// orders, never once per call.
    func record(_ calls: [SeededPaymentCall], in transaction: SharedTransaction) throws
}
