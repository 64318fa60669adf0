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

    /// How long a pending call belongs to the request that recorded it. A request sends its call at once and waits
    /// for the provider no longer than its outside-call timeout (Stripe: 5 s to connect and 30 s to answer; the
    /// simulated provider answers at once), then records the answer, a write that may wait up to the store's busy
    /// timeout (10 s). Two minutes is well past the sum, with room for clocks of several instances that differ by a
    /// little. A call pending for longer has no request waiting on it (its instance stopped, or the answer was lost),
    /// so any instance may send it again; a younger one may be in flight on another instance, and is left to it.
    public static let lease: TimeInterval = 2 * 60

    /// Finishes every refund, void, charge and capture a stopped process left pending, with their original keys:
    /// nothing is sent twice. With other instances possibly sharing the database, only calls whose lease ran out: a
    /// younger call may be in flight on another instance, and the periodic recovery takes it once its lease runs out.
    public func resumePending(_ scope: StartupRecovery = .pastLease) async throws -> Int {
        let pending = try await database.pendingPaymentCalls(
            createdBefore: scope == .everythingLeft ? nil : clock.now.addingTimeInterval(-Self.lease))
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
