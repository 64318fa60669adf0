import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

public enum RetryRefundError: Error {
    case orderNotFound
    case notRetryable(String)
    case stale
    case keyReused
}

/// Sends a failed refund again with its original idempotency key, so the customer can never be refunded twice.
public struct RetryRefund: Sendable {
    let database: AppDatabase
    let payments: PaymentCalls
    let clock: AppClock

    public init(database: AppDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.database = database
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
        self.clock = clock
    }

    public func run(number: Int, refundID: Int64, version: Int, idempotencyKey: String, staff: StaffUser) async throws -> String {
        guard let order = try await database.orderDetail(number: number)?.order else { throw RetryRefundError.orderNotFound }
        if case .unavailable(let reason) = OrderAction.retryRefund.availability(for: order), order.version == version {
            throw RetryRefundError.notRetryable(reason)
        }
        let claim = IdempotencyClaim(
            key: idempotencyKey, staffID: staff.id, action: "retry-refund",
            values: [String(number), String(refundID), String(version)])
        let result: RefundRetryResult
        do {
            result = try await database.prepareRefundRetry(
                orderNumber: number, refundID: refundID, expectedVersion: version, idempotency: claim,
                actor: staff.name, now: clock.now)
        } catch is StaleVersion {
            throw RetryRefundError.stale
        } catch is IdempotencyKeyReused {
            throw RetryRefundError.keyReused
        } catch RefundRetryError.notRetryable {
            throw RetryRefundError.notRetryable("That refund has not failed, so there is nothing to retry.")
        } catch OrderWriteError.orderNotFound {
            throw RetryRefundError.orderNotFound
        }
        switch result {
        case .replayed(let stored):
            return stored.flash ?? "The refund was retried."
        case .ready(let call):
            let flash = switch await payments.send(call, actor: staff.name) {
            case .succeeded: "Refunded \(call.amount.formatted) to \(call.cardLabel ?? "the customer")."
            case .failed(let message): "The refund of \(call.amount.formatted) failed again: \(message)"
            case .pending: "The refund of \(call.amount.formatted) is being processed."
            }
            try await database.updateStoredFlash(key: idempotencyKey, flash: flash)
            return flash
        }
    }
}
