import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

@testable import DeskflowStoreSQLite

/// The cases these store tests were written for drive the two writers with hand-made changes; this glue keeps them
/// readable. An issue "set" here is opened the way the domain opens one, against the order as it stands.
extension IssueChange {
    static func set(kind: IssueKind, code: String, message: String) -> IssueChange {
        .open(OrderIssue(kind: kind, code: code, message: message, since: .distantPast, attempts: 0))
    }

    func opened(now: Date, on order: Order) -> IssueChange {
        guard case .open(let issue) = self, issue.attempts == 0 else { return self }
        return .open(.opening(issue.kind, code: issue.code, message: issue.message, now: now, replacing: order.issue))
    }
}

extension SQLiteStore {
    /// A manager's action whose change is given, with the flash the key remembers.
    func applyOrderAction(
        _ request: OrderActionRequest, flash: String?, decide: @escaping @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws -> OrderActionResult {
        try await applyOrderAction(request) { snapshot in
            var change = try decide(snapshot)
            change.flash = flash
            change.issue = change.issue.opened(now: request.now, on: snapshot.order)
            return change
        }
    }

    /// An outside answer whose change is given.
    func applyOutcome(
        orderNumber: Int, actor: String, now: Date, decide: @escaping @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws {
        try await recordOutcome(OutcomeRequest(orderNumber: orderNumber, actor: actor, now: now)) { snapshot in
            var change = try decide(snapshot)
            change.issue = change.issue.opened(now: now, on: snapshot.order)
            return change
        }
    }

    /// The provider's answer to a pending call, settled by the domain as the live code does.
    func recordPaymentOutcome(_ call: PaymentCall, outcome: GatewayOutcome, actor: String = Timeline.gatewayActor, now: Date) async throws {
        try await recordOutcome(OutcomeRequest(orderNumber: call.orderNumber, actor: Timeline.gatewayActor, now: now)) { snapshot in
            Decide.settle(call, answer: outcome, on: snapshot, now: now)
        }
    }

    /// The id of the refund row sent under `call`'s key.
    func refundID(of call: PaymentCall) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM refunds WHERE idempotency_key = ?", arguments: [call.idempotencyKey]) ?? 0
        }
    }

    /// A failed refund retried through the domain's decision, as `RetryRefund` does.
    func prepareRefundRetry(
        orderNumber: Int, refundID: Int64, expectedVersion: Int, idempotency: IdempotencyClaim, actor: String, now: Date
    ) async throws -> RefundRetryResult {
        let request = OrderActionRequest(
            orderNumber: orderNumber, expectedVersion: expectedVersion, staffID: idempotency.staffID, actor: actor,
            idempotency: idempotency, now: now)
        switch try await applyOrderAction(request, decide: { snapshot in try Decide.retryRefund(id: refundID, on: snapshot) }) {
        case .replayed(let flash): return .replayed(StoredResult(flash: flash))
        case .applied(_, let change): return .ready(change.outgoingCall!)
        }
    }
}

enum RefundRetryResult {
    case ready(PaymentCall)
    case replayed(StoredResult)
}

typealias PendingPaymentCall = PaymentCall

/// A cancellation through the store: the request the live code builds, and what the writer answered.
struct CancellationRequest {
    var orderNumber: Int
    var expectedVersion: Int
    var staffID: Int64
    var staffName: String
    var idempotency: IdempotencyClaim
    var paymentKey: String
    var now: Date
}

enum CancellationWriteResult {
    case cancelled(order: Order, change: OrderChange, pendingCall: PaymentCall?)
    case replayed(StoredResult)
}

extension SQLiteStore {
    func cancelOrder(
        _ request: CancellationRequest, decide: @escaping @Sendable (OrderSnapshot, _ paymentKey: String) throws -> OrderChange
    ) async throws -> CancellationWriteResult {
        let action = OrderActionRequest(
            orderNumber: request.orderNumber, expectedVersion: request.expectedVersion, staffID: request.staffID,
            actor: request.staffName, idempotency: request.idempotency, now: request.now)
        switch try await applyOrderAction(action, decide: { snapshot in try decide(snapshot, request.paymentKey) }) {
        case .replayed(let flash): return .replayed(StoredResult(flash: flash))
        case .applied(let before, let change): return .cancelled(order: before.order, change: change, pendingCall: change.outgoingCall)
        }
    }
}
