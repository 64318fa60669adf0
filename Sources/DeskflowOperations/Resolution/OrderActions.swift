import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// The shared shape of every order action: check the action applies under the write lock, apply the change with
/// its events and idempotency record, and map the store's refusals to `OrderActionError`.
struct OrderActions: Sendable {
    let database: AppDatabase
    let clock: AppClock

    enum Outcome {
        case applied(Order)
        case replayed(flash: String?)
    }

    func run(
        _ action: OrderAction, number: Int, version: Int, key: String, staff: StaffUser, fields: [String], flash: String? = nil,
        decide: @escaping @Sendable (Order) throws -> OrderChange
    ) async throws -> Outcome {
        let request = OrderActionRequest(
            orderNumber: number, expectedVersion: version, actor: staff.name,
            idempotency: IdempotencyClaim(
                key: key, staffID: staff.id, action: action.rawValue, values: [String(number), String(version)] + fields),
            now: clock.now)
        do {
            let result = try await database.applyOrderAction(request, flash: flash) { order in
                if case .unavailable(let reason) = action.availability(for: order) { throw OrderActionError.notAllowed(reason) }
                return try decide(order)
            }
            switch result {
            case .applied(let order): return .applied(order)
            case .replayed(let stored): return .replayed(flash: stored.flash)
            }
        } catch is StaleVersion {
            // A stale form for an action that no longer applies at all says why, not just "changed".
            if let fresh = try await database.orderDetail(number: number)?.order,
                case .unavailable(let reason) = action.availability(for: fresh)
            {
                throw OrderActionError.notAllowed(reason)
            }
            throw OrderActionError.stale
        } catch is IdempotencyKeyReused {
            throw OrderActionError.keyReused
        } catch RefundRetryError.notRetryable {
            throw OrderActionError.notAllowed("That refund has not failed, so there is nothing to settle.")
        } catch OrderWriteError.orderNotFound {
            throw OrderActionError.orderNotFound
        }
    }

    /// Remembers the final flash for a key once outside calls have answered, so a repeat shows the same.
    func remember(_ flash: String, key: String) async throws -> String {
        try await database.updateStoredFlash(key: key, flash: flash)
        return flash
    }
}
