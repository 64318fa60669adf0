import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation

/// Steps of the live operations taken one at a time, so a test can stop where a crash would: the same decisions
/// through the same writers, without the outside call that follows.
extension PaymentLedgerStore where Self: OrderStore {
    /// The charge of an order waiting for the provider's answer, if any.
    func pendingCharge(orderNumber: Int) async throws -> PaymentCall? {
        try await pendingPaymentCalls().first { $0.kind == .charge && $0.orderNumber == orderNumber }
    }

    /// The pending capture fulfilment records before the goods leave, and the call it would send.
    func recordPendingCapture(orderNumber: Int, key: String, now: Date) async throws -> PaymentCall? {
        try await recordOutcome(OutcomeRequest(orderNumber: orderNumber, actor: Timeline.warehouseActor, now: now)) { snapshot in
            Decide.captureBeforeShipping(on: snapshot, captureKey: key)
        }?.outgoingCall
    }

    /// The cancellation's own transaction, as `CancelOrder` writes it, and the call it would then send.
    func cancelWithoutSending(
        _ order: Order, form: CancellationForm, key: String, staff: StaffUser, now: Date
    ) async throws -> PaymentCall? {
        let request = OrderActionRequest(
            orderNumber: order.number, expectedVersion: order.version, staffID: staff.id, actor: staff.name,
            idempotency: IdempotencyClaim(key: key, staffID: staff.id, fingerprint: "stopped"), now: now)
        let result = try await applyOrderAction(request) { snapshot in
            try Decide.cancel(form, on: snapshot, paymentKey: "cancel-\(key)")
        }
        guard case .applied(_, let change) = result else { return nil }
        return change.outgoingCall
    }
}
