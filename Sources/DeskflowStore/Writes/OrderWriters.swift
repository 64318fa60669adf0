import DeskflowDomain
import Foundation
import GRDB

/// Who acts on which order, at which version, under which idempotency key.
public struct OrderActionRequest: Sendable {
    public var orderNumber: Int
    public var expectedVersion: Int
    public var staffID: Int64
    public var actor: String
    public var idempotency: IdempotencyClaim
    public var now: Date

    public init(orderNumber: Int, expectedVersion: Int, staffID: Int64, actor: String, idempotency: IdempotencyClaim, now: Date) {
        self.orderNumber = orderNumber
        self.expectedVersion = expectedVersion
        self.staffID = staffID
        self.actor = actor
        self.idempotency = idempotency
        self.now = now
    }
}

public enum OrderActionResult: Sendable {
    /// The change was written; `before` is the order as it stood when it was decided.
    case applied(before: OrderSnapshot, change: OrderChange)
    /// The same key was sent before: nothing was written, and this is what the first request was told.
    case replayed(flash: String?)
}

/// An outside system's answer (provider, warehouse), recorded against an order.
public struct OutcomeRequest: Sendable {
    public var orderNumber: Int
    public var actor: String
    public var now: Date
    /// The manager's form the answer finishes, whose flash a repeat of the same key is then told.
    public var flash: (key: String, text: String)?

    public init(orderNumber: Int, actor: String, now: Date, flash: (key: String, text: String)? = nil) {
        self.orderNumber = orderNumber
        self.actor = actor
        self.now = now
        self.flash = flash
    }
}

/// The two ways an order is written. Both lock, load the order with its money rows, let the caller's pure `decide`
/// return the change, and write it with its events, stock ledger, outbox rows (customer email and the storefront's
/// webhooks) and idempotency record in one transaction. Neither picks a status or words a sentence.
extension AppDatabase {
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
