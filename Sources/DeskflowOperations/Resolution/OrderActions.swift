import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// The shape of every order action: the domain decides under the store's write lock, the store writes the change
/// with its key, and the store's refusals become `OrderActionError`. When the change asks for a payment call,
/// `PaymentCalls.finish` makes it next.
struct OrderActions: Sendable {
    let database: any DeskflowDatabase
    let clock: AppClock

    /// `fields` are what the form sent, fingerprinted with the action so a key reused for another submission is
    /// refused.
    func apply(
        _ action: OrderAction, number: Int, version: Int, key: String, staff: StaffUser, fields: [String],
        decide: @escaping @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws -> OrderActionResult {
        let request = OrderActionRequest(
            orderNumber: number, expectedVersion: version, staffID: staff.id, actor: staff.name,
            idempotency: IdempotencyClaim(
                key: key, staffID: staff.id, action: action.rawValue, values: [String(number), String(version)] + fields),
            now: clock.now)
        do {
            return try await database.applyOrderAction(request, decide: decide)
        } catch let stale as StaleVersion {
            // A stale form for an action that no longer applies at all says why, not just "changed".
            if case .unavailable(let reason) = action.availability(for: stale.current) { throw OrderActionError.notAllowed(reason) }
            throw OrderActionError.stale(current: stale.current)
        } catch OrderRefusal.notAllowed(let reason) {
            throw OrderActionError.notAllowed(reason)
        } catch OrderRefusal.invalid(let errors) {
            throw OrderActionError.invalid(errors)
        } catch is IdempotencyKeyReused {
            throw OrderActionError.keyReused
        } catch OrderWriteError.orderNotFound {
            throw OrderActionError.orderNotFound
        }
    }
}

extension Result where Failure == FormErrors {
    /// The valid value, or the form's errors as the action's refusal.
    func orInvalid() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let errors): throw OrderActionError.invalid(errors)
        }
    }
}
