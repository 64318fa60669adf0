import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends a refund, void, charge or capture that was recorded as pending, and records the answer. Used right after
/// the action, for retries, and for calls a stopped process or a silent provider left unfinished.
public struct PaymentCalls: Sendable {
    let database: any DeskflowDatabase
    let gateway: any PaymentGateway
    let clock: AppClock
    let logger: Logger

    public init(database: any DeskflowDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.database = database
        self.gateway = gateway
        self.clock = clock
        self.logger = logger
    }

    /// Sends `call` and records the answer, with the flash for `key` when the call finishes a manager's form.
    /// `recordsNoAnswer: false` leaves a call that got no answer exactly as it was, pending, without a timeline entry:
    /// the periodic resume asks again every minute and should not fill the timeline while the provider is down.
    public func send(
        _ call: PaymentCall, finishing key: String? = nil, flash: (@Sendable (MoneyOutcome) -> String)? = nil,
        recordsNoAnswer: Bool = true
    ) async -> MoneyOutcome {
        let answer: GatewayOutcome
        do {
            let gatewayCall = GatewayCall(call)
            answer = switch call.kind {
            case .refund: try await gateway.refund(gatewayCall)
            case .void: try await gateway.void(gatewayCall)
            case .charge: try await gateway.charge(gatewayCall)
            case .capture: try await gateway.capture(gatewayCall)
            }
        } catch {
            logger.error("payment call failed to reach the gateway; left pending", metadata: ["order": "\(call.orderNumber)", "error": "\(error)"])
            return .pending
        }
        if answer.isTransient, !recordsNoAnswer { return .pending }
        let outcome = MoneyOutcome(answer, of: call.kind)
        let request = OutcomeRequest(
            orderNumber: call.orderNumber, actor: Timeline.gatewayActor, now: clock.now,
            flash: key.flatMap { key in flash.map { (key, $0(outcome)) } })
        do {
            let now = request.now
            try await database.recordOutcome(request) { snapshot in Decide.settle(call, answer: answer, on: snapshot, now: now) }
        } catch {
            logger.error("payment outcome not recorded; left pending", metadata: ["order": "\(call.orderNumber)", "error": "\(error)"])
            return .pending
        }
        if case .failed = outcome {
            logger.warning(
                "payment call failed", metadata: ["order": "\(call.orderNumber)", "kind": "\(call.kind.rawValue)", "code": "\(answer.failureCode ?? "")"])
        }
        return outcome
    }

    /// Sends the call a manager's action asked for, and stores the flash for its answer under the form's key, so a
    /// repeat of the form is told the same. Returns that flash.
    func finish(_ call: PaymentCall, key: String, flash: @escaping @Sendable (MoneyOutcome) -> String) async -> String {
        flash(await send(call, finishing: key, flash: flash))
    }

    /// Finishes every refund, void, charge and capture left pending, with their original keys: nothing is sent twice.
    public func resumePending() async throws -> Int {
        let pending = try await database.pendingPaymentCalls()
        for call in pending { _ = await send(call) }
        return pending.count
    }

    /// While running: asks again about calls pending for longer than any request waits on one (an answer lost to a
    /// timeout, or not recorded while the database could not be written). Returns how many were settled.
    public func resumeAbandoned(olderThan age: TimeInterval) async throws -> Int {
        let pending = try await database.pendingPaymentCalls(createdBefore: clock.now.addingTimeInterval(-age))
        var settled = 0
        for call in pending where await send(call, recordsNoAnswer: false) != .pending { settled += 1 }
        return settled
    }
}
