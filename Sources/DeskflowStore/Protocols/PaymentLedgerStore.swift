import DeskflowDomain
import Foundation

/// The payment calls Deskflow owes its providers: those recorded as pending, and the recording of an outside
/// system's answer against its order.
public protocol PaymentLedgerStore: Sendable {
    /// Refunds, voids, charges and captures recorded as pending whose outcome was never recorded (the process stopped
    /// in between, or the provider did not answer). `createdBefore` keeps to calls older than that moment: ones no
    /// request is still waiting on.
    func pendingPaymentCalls(createdBefore: Date?) async throws -> [PaymentCall]

    /// An outside call's answer (provider, warehouse), in its own transaction. `decide` (pure; it may run more than
    /// once) returns `nil` when there is nothing to write (the answer was recorded before); the form's flash is stored
    /// either way. Returns what was written. Throws `OrderWriteError.orderNotFound`.
    @discardableResult
    func recordOutcome(
        _ request: OutcomeRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange?
    ) async throws -> OrderChange?
}

extension PaymentLedgerStore {
    /// Every pending payment call, however recent.
    public func pendingPaymentCalls() async throws -> [PaymentCall] {
        try await pendingPaymentCalls(createdBefore: nil)
    }
}
