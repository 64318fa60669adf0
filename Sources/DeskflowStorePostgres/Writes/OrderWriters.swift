import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

/// The two ways an order is written. Both lock, load the order with its money rows, let the caller's pure `decide`
/// return the change, and write it with its events, stock ledger, outbox rows (customer email and the storefront's
/// webhooks) and idempotency record in one transaction. Neither picks a status or words a sentence.
///
/// Locks, in this order: the idempotency key's advisory lock (a second request with the same key waits for the first,
/// then replays it), the order row `FOR UPDATE` (two actions on one order run one after the other; the later one sees
/// the new version and is stale), then the stock rows in SKU order. `decide` may run again when the transaction is.
extension PostgresStore {
    /// A manager's action: replay check, version check, `decide`, the change, and the key's stored flash.
    public func applyOrderAction(
        _ request: OrderActionRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws -> OrderActionResult {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: request.idempotency.key, logger: logger)
            if let stored = try await connection.replay(request.idempotency, logger: logger) {
                return .replayed(flash: stored.flash)
            }
            guard let record = try await Self.lockedOrder(number: request.orderNumber, on: connection, logger: logger) else {
                throw OrderWriteError.orderNotFound
            }
            let snapshot = try await Self.snapshot(of: record, on: connection, logger: logger)
            guard record.version == request.expectedVersion else { throw StaleVersion(current: snapshot.order) }
            let change = try decide(snapshot)
            try await Self.write(
                change, to: record, snapshot: snapshot, staffID: request.staffID, actor: request.actor, now: request.now,
                on: connection, logger: logger)
            try await queueWebhooks(
                StorefrontEvent.caused(by: change, on: snapshot), orderNumber: record.number, now: request.now,
                on: connection)
            try await connection.storeResult(request.idempotency, flash: change.flash, now: request.now, logger: logger)
            return .applied(before: snapshot, change: change)
        }
    }

    /// An outside call's answer, in its own transaction. `decide` returns `nil` when there is nothing to write (the
    /// answer was recorded before); the form's flash is stored either way. Returns what was written.
    @discardableResult
    public func recordOutcome(
        _ request: OutcomeRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange?
    ) async throws -> OrderChange? {
        try await client.withRetryingTransaction(logger: logger) { connection in
            guard let record = try await Self.lockedOrder(number: request.orderNumber, on: connection, logger: logger) else {
                throw OrderWriteError.orderNotFound
            }
            let snapshot = try await Self.snapshot(of: record, on: connection, logger: logger)
            let change = try decide(snapshot)
            if let change, !change.writesNothing {
                try await Self.write(
                    change, to: record, snapshot: snapshot, staffID: nil, actor: request.actor, now: request.now,
                    on: connection, logger: logger)
                try await queueWebhooks(
                    StorefrontEvent.caused(by: change, on: snapshot), orderNumber: record.number, now: request.now,
                    on: connection)
            }
            if let flash = request.flash {
                try await connection.perform(
                    "UPDATE idempotency_keys SET flash = \(flash.text) WHERE key = \(flash.key)", logger: logger)
            }
            return change
        }
    }
}
