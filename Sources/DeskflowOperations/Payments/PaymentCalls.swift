import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends a refund, void, charge or capture that was recorded as pending, and records the answer. Used right after the action,
/// for retries, and at start-up for calls a stopped process left unfinished.
public struct PaymentCalls: Sendable {
    let database: AppDatabase
    let gateway: any PaymentGateway
    let clock: AppClock
    let logger: Logger

    public init(database: AppDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.database = database
        self.gateway = gateway
        self.clock = clock
        self.logger = logger
    }

    /// `recordsNoAnswer: false` leaves a call that got no answer exactly as it was, pending, without a timeline entry:
    /// the periodic resume asks again every minute and should not fill the timeline while the provider is down.
    public func send(_ call: PendingPaymentCall, actor: String, recordsNoAnswer: Bool = true) async -> MoneyOutcome {
        let gatewayCall = GatewayCall(
            idempotencyKey: call.idempotencyKey, orderNumber: call.orderNumber, amount: call.amount, cardLast4: call.cardLast4)
        let outcome: GatewayOutcome
        do {
            outcome = switch call.kind {
            case .refund: try await gateway.refund(gatewayCall)
            case .void: try await gateway.void(gatewayCall)
            case .charge: try await gateway.charge(gatewayCall)
            case .capture: try await gateway.capture(gatewayCall)
            }
        } catch {
            logger.error("payment call failed to reach the gateway; left pending", metadata: ["order": "\(call.orderNumber)", "error": "\(error)"])
            return .pending
        }
        if outcome.isTransient, !recordsNoAnswer { return .pending }
        do {
            try await database.recordPaymentOutcome(call, outcome: outcome, actor: actor, now: clock.now)
        } catch {
            logger.error("payment outcome not recorded; left pending", metadata: ["order": "\(call.orderNumber)", "error": "\(error)"])
            return .pending
        }
        if outcome.succeeded { return .succeeded }
        // A refund that got no answer is recorded failed, with a retry under the same key; the other calls wait pending.
        if outcome.isTransient, call.kind != .refund { return .pending }
        logger.warning(
            "payment call failed", metadata: ["order": "\(call.orderNumber)", "kind": "\(call.kind.rawValue)", "code": "\(outcome.failureCode ?? "")"])
        return .failed(outcome.failureMessage ?? "The payment provider refused it.")
    }

    /// Finishes every refund, void and charge left pending, with their original keys: nothing is sent twice.
    public func resumePending() async throws -> Int {
        let pending = try await database.pendingPaymentCalls()
        for call in pending { _ = await send(call, actor: "Deskflow") }
        return pending.count
    }

    /// While running: asks again about calls pending for longer than any request waits on one (an answer lost to a
    /// timeout, or not recorded while the database could not be written). Returns how many were settled.
    public func resumeAbandoned(olderThan age: TimeInterval) async throws -> Int {
        let pending = try await database.pendingPaymentCalls(createdBefore: clock.now.addingTimeInterval(-age))
        var settled = 0
        for call in pending where await send(call, actor: "Deskflow", recordsNoAnswer: false) != .pending { settled += 1 }
        return settled
    }
}
