import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

/// The two ways an order is written. Both lock, load the order with its money rows, let the caller's pure `decide`
/// return the change, and write it with its events, stock ledger, outbox rows (customer email and the storefront's
/// webhooks) and idempotency record in one transaction. Neither picks a status or words a sentence.
extension SQLiteStore {
    /// A manager's action: replay check, version check, `decide`, the change, and the key's stored flash.
    public func applyOrderAction(
        _ request: OrderActionRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws -> OrderActionResult {
        try await pool.write { db in
            if let stored = try Self.replay(request.idempotency, db) { return .replayed(flash: stored.flash) }
            guard let record = try OrderRecord.filter(Column("number") == request.orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            let snapshot = try Self.snapshot(of: record, db)
            guard record.version == request.expectedVersion else { throw StaleVersion(current: snapshot.order) }
            let change = try decide(snapshot)
            try Self.write(change, to: record, snapshot: snapshot, staffID: request.staffID, actor: request.actor, now: request.now, db)
            try queueWebhooks(StorefrontEvent.caused(by: change, on: snapshot), orderNumber: record.number, now: request.now, db)
            try Self.storeResult(request.idempotency, flash: change.flash, now: request.now, db)
            return .applied(before: snapshot, change: change)
        }
    }

    /// An outside call's answer, in its own transaction. `decide` returns `nil` when there is nothing to write (the
    /// answer was recorded before); the form's flash is stored either way. Returns what was written.
    @discardableResult
    public func recordOutcome(
        _ request: OutcomeRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange?
    ) async throws -> OrderChange? {
        try await pool.write { db in
            guard let record = try OrderRecord.filter(Column("number") == request.orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            let snapshot = try Self.snapshot(of: record, db)
            let change = try decide(snapshot)
            if let change, !change.writesNothing {
                try Self.write(change, to: record, snapshot: snapshot, staffID: nil, actor: request.actor, now: request.now, db)
                try queueWebhooks(StorefrontEvent.caused(by: change, on: snapshot), orderNumber: record.number, now: request.now, db)
            }
            if let flash = request.flash {
                try db.execute(sql: "UPDATE idempotency_keys SET flash = ? WHERE key = ?", arguments: [flash.text, flash.key])
            }
            return change
        }
    }
}
