import DeskflowDomain
import Foundation
import GRDB

/// The simulated payment provider's ledger: what it captured and refunded for an order, and what it answered
/// to each idempotency key.
public struct GatewayLedgerState: Sendable {
    public var captured: Int64
    public var refunded: Int64
    public var authorized: Int64
    public var voided: Int64
}

public struct GatewayEntry: Hashable, Sendable {
    public var succeeded: Bool
    public var reference: String?
    public var failureCode: String?
    public var failureMessage: String?
    public var attempts: Int
    /// A final answer is kept for the key; a transient one lets the same key try again.
    public var isFinal: Bool = true

    public init(succeeded: Bool, reference: String?, failureCode: String?, failureMessage: String?, attempts: Int) {
        self.succeeded = succeeded
        self.reference = reference
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.attempts = attempts
    }
}

public enum GatewayDecision: Sendable {
    /// Keep this answer forever under the key.
    case final(GatewayEntry)
    /// A passing failure: count the attempt, but let a retry under the same key try again.
    case transient(code: String, message: String)
}

extension AppDatabase {
    /// Applies one call to the simulated provider's ledger atomically: a key seen before gets its first answer,
    /// otherwise `decide` sees the ledger for the order as it stands under the write lock.
    public func applyGatewayCall(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry {
        try await pool.write { db in
            let existing = try GatewayTransactionRecord.fetchOne(db, key: key)
            if let existing, existing.isFinal { return existing.entry }
            let sums = try Row.fetchOne(db, sql: """
                SELECT
                  COALESCE(SUM(CASE WHEN kind IN ('capture', 'charge') AND succeeded THEN amount_minor END), 0) AS captured,
                  COALESCE(SUM(CASE WHEN kind = 'refund' AND succeeded THEN amount_minor END), 0) AS refunded,
                  COALESCE(SUM(CASE WHEN kind = 'authorization' AND succeeded THEN amount_minor END), 0) AS authorized,
                  COALESCE(SUM(CASE WHEN kind = 'void' AND succeeded THEN amount_minor END), 0) AS voided
                FROM gateway_transactions WHERE order_number = ?
                """, arguments: [orderNumber])
            let state = GatewayLedgerState(
                captured: sums?["captured"] ?? 0, refunded: sums?["refunded"] ?? 0,
                authorized: sums?["authorized"] ?? 0, voided: sums?["voided"] ?? 0)
            let previousAttempts = existing?.attempts ?? 0
            switch decide(state, previousAttempts) {
            case .final(let entry):
                let record = GatewayTransactionRecord(
                    idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                    succeeded: entry.succeeded, isFinal: true, reference: entry.reference, failureCode: entry.failureCode,
                    failureMessage: entry.failureMessage, attempts: previousAttempts + 1, createdAt: existing?.createdAt ?? now)
                try record.save(db)
                return record.entry
            case .transient(let code, let message):
                let record = GatewayTransactionRecord(
                    idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                    succeeded: false, isFinal: false, reference: nil, failureCode: code, failureMessage: message,
                    attempts: previousAttempts + 1, createdAt: existing?.createdAt ?? now)
                try record.save(db)
                return record.entry
            }
        }
    }
}

extension GatewayTransactionRecord {
    var entry: GatewayEntry {
        var entry = GatewayEntry(
            succeeded: succeeded, reference: reference, failureCode: failureCode,
            failureMessage: failureMessage, attempts: attempts)
        entry.isFinal = isFinal
        return entry
    }
}
