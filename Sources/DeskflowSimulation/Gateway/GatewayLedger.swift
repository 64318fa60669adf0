import Foundation
import GRDB

/// What the simulated provider's ledger holds for one order: what it authorized, captured, refunded and voided.
struct GatewayLedgerState: Sendable {
    var captured: Int64
    var refunded: Int64
    var authorized: Int64
    var voided: Int64
}

/// The answer kept for a key.
struct GatewayEntry: Hashable, Sendable {
    var succeeded: Bool
    var reference: String?
    var failureCode: String?
    var failureMessage: String?
    var attempts: Int
    /// A final answer is kept for the key; a transient one lets the same key try again.
    var isFinal: Bool = true
}

enum GatewayDecision: Sendable {
    /// Keep this answer forever under the key.
    case final(GatewayEntry)
    /// A passing failure: count the attempt, but let a retry under the same key try again.
    case transient(code: String, message: String)
}

/// The simulated payment provider's books, in its own table beside the store's.
struct GatewayLedger: Sendable {
    let pool: DatabasePool

    /// Applies one call to the ledger atomically: a key seen before gets its first final answer, otherwise `decide`
    /// sees the ledger for the order as it stands under the write lock.
    func apply(
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
            let record = switch decide(state, previousAttempts) {
            case .final(let entry):
                GatewayTransactionRecord(
                    idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                    succeeded: entry.succeeded, isFinal: true, reference: entry.reference, failureCode: entry.failureCode,
                    failureMessage: entry.failureMessage, attempts: previousAttempts + 1, createdAt: existing?.createdAt ?? now)
            case .transient(let code, let message):
                GatewayTransactionRecord(
                    idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                    succeeded: false, isFinal: false, reference: nil, failureCode: code, failureMessage: message,
                    attempts: previousAttempts + 1, createdAt: existing?.createdAt ?? now)
            }
            try record.save(db)
            return record.entry
        }
    }
}

extension GatewayTransactionRecord {
    var entry: GatewayEntry {
        GatewayEntry(
            succeeded: succeeded, reference: reference, failureCode: failureCode, failureMessage: failureMessage,
            attempts: attempts, isFinal: isFinal)
    }
}
