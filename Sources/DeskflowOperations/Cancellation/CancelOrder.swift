import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

public enum CancelOrderError: Error {
    case orderNotFound
    /// The form does not make sense for this order; show it again with the errors.
    case invalid(FormErrors, order: Order)
    /// Someone changed the order since the dialog was opened; show the fresh order.
    case stale(current: Order)
    /// The order cannot be cancelled at all.
    case refused(CancellationRefusal)
    /// The idempotency key was already used for a different submission.
    case keyReused
}

/// Cancels an order: one transaction for everything Deskflow owns, then the refund or void at the gateway with
/// its own idempotency key, then a second transaction for the gateway's answer.
public struct CancelOrder: Sendable {
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

    /// Returns the flash message for the order page.
    public func run(number: Int, form: CancellationForm, version: Int, idempotencyKey: String, staff: StaffUser) async throws -> String {
        let claim = IdempotencyClaim(
            key: idempotencyKey, staffID: staff.id, action: "cancel",
            values: [
                String(number), String(version), form.refundAmount, String(form.issueRefund), String(form.restock),
                String(form.notifyCustomer), form.reason, form.note,
            ])
        let request = CancellationRequest(
            orderNumber: number, expectedVersion: version, staffID: staff.id, staffName: staff.name,
            idempotency: claim, paymentKey: "cancel-\(idempotencyKey)", now: clock.now)
        let result: CancellationWriteResult
        do {
            result = try await database.cancelOrder(request) { order in try Self.decide(form, on: order) }
        } catch let failure as CancellationFailure {
            switch failure {
            case .refused(let refusal): throw CancelOrderError.refused(refusal)
            case .invalid(let errors, let order): throw CancelOrderError.invalid(errors, order: order)
            }
        } catch is StaleVersion {
            guard let fresh = try await database.orderDetail(number: number)?.order else { throw CancelOrderError.orderNotFound }
            if case .refused(let refusal) = CancellationPolicy.eligibility(of: fresh) { throw CancelOrderError.refused(refusal) }
            throw CancelOrderError.stale(current: fresh)
        } catch is IdempotencyKeyReused {
            throw CancelOrderError.keyReused
        } catch OrderWriteError.orderNotFound {
            throw CancelOrderError.orderNotFound
        }

        switch result {
        case .replayed(let stored):
            logger.info("cancel replayed", metadata: ["order": "\(number)", "key": "\(idempotencyKey)"])
            return stored.flash ?? "Order #\(number) cancelled."
        case .cancelled(let order, let command, let pendingCall):
            logger.info(
                "order cancelled",
                metadata: ["order": "\(number)", "staff": "\(staff.id)", "reason": "\(command.reason.rawValue)"])
            var outcome = MoneyOutcome.succeeded
            if let pendingCall {
                outcome = await PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
                    .send(pendingCall, actor: staff.name)
            }
            let flash = CancellationWording.flash(command, order: order, outcome: outcome)
            try await database.updateStoredFlash(key: idempotencyKey, flash: flash)
            return flash
        }
    }

    /// Runs under the write lock, against the order as it is now: the rules decide, the store only writes.
    static func decide(_ form: CancellationForm, on order: Order) throws -> CancellationDecision {
        if case .refused(let refusal) = CancellationPolicy.eligibility(of: order) { throw CancellationFailure.refused(refusal) }
        let command: CancellationCommand
        switch form.validate(for: order) {
        case .success(let valid): command = valid
        case .failure(let errors): throw CancellationFailure.invalid(errors, order)
        }
        return CancellationDecision(
            command: command,
            effects: .of(command, on: order),
            message: command.notifyCustomer ? CancellationWording.customerMessage(command, order: order) : nil,
            provisionalFlash: CancellationWording.flash(command, order: order, outcome: .pending))
    }
}

enum CancellationFailure: Error {
    case refused(CancellationRefusal)
    case invalid(FormErrors, Order)
}
