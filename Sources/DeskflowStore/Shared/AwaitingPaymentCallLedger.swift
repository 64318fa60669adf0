/// The payment provider's side of placed and seeded orders, for a provider whose books are reached by awaiting
/// (on PostgreSQL, every statement is awaited). `SeededPaymentCallLedger.record` cannot wait, so an engine that
/// must await its statements asks for this instead, and refuses a ledger that does not offer it rather than leave the
/// provider's books behind the store's rows.
public protocol AwaitingPaymentCallLedger: Sendable {
    /// Records `calls`, in the order they were made, inside the store's transaction.
    func record(_ calls: [SeededPaymentCall], awaitingIn transaction: SharedTransaction) async throws
}
