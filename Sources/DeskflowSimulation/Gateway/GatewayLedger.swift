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

/// The simulated payment provider's books on SQLite, in its own table beside the store's (`PostgresGatewayLedger` is
/// its twin).
struct GatewayLedger: Sendable {
    let pool: DatabasePool

    /// Applies one call to the ledger atomically: a key seen before gets its first final answer, otherwise `decide`
    /// sees the ledger for the order as it stands under the write lock.
    ///
    /// The check (the sums) and the write are one transaction whose `BEGIN IMMEDIATE` takes SQLite's write lock before
    /// the first read, so nothing else (another handle on the file, `deskflow outage`, another process) writes a row
    /// for the order in between: two refunds at once never take back more than was captured, whichever writer they
    /// came through. PostgreSQL's READ COMMITTED gives no such guarantee from `BEGIN`: its ledger must first take
    /// `pg_advisory_xact_lock` on the order number, so that calls for one order queue while calls for others go on.
    func apply(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry {
        try await pool.writeWithoutTransaction { db in
            var entry: GatewayEntry?
            try db.inTransaction(.immediate) {
                entry = try Self.apply(
                    key: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                    now: now, decide: decide, db)
                return .commit
            }
            guard let entry else { preconditionFailure("a committed ledger transaction always has its entry") }
            return entry
        }
    }

    /// The call's reads and write, inside the caller's write transaction.
    private static func apply(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision, _ db: Database
    ) throws -> GatewayEntry {
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
        let record = GatewayTransactionRecord(
            key: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
            decision: decide(state, existing?.attempts ?? 0), after: existing, now: now)
        try record.save(db)
        return record.entry
    }
}

extension GatewayTransactionRecord {
    /// The row a call leaves under its key: `decision`'s answer, one attempt more than `existing` (the key's transient
    /// answer so far, if any), dated when the key was first seen.
    init(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, decision: GatewayDecision,
        after existing: GatewayTransactionRecord?, now: Date
    ) {
        let attempts = (existing?.attempts ?? 0) + 1
        let createdAt = existing?.createdAt ?? now
        switch decision {
        case .final(let entry):
            self.init(
                idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                succeeded: entry.succeeded, isFinal: true, reference: entry.reference, failureCode: entry.failureCode,
                failureMessage: entry.failureMessage, attempts: attempts, createdAt: createdAt)
        case .transient(let code, let message):
            self.init(
                idempotencyKey: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                succeeded: false, isFinal: false, reference: nil, failureCode: code, failureMessage: message,
                attempts: attempts, createdAt: createdAt)
        }
    }

    var entry: GatewayEntry {
        GatewayEntry(
            succeeded: succeeded, reference: reference, failureCode: failureCode, failureMessage: failureMessage,
            attempts: attempts, isFinal: isFinal)
    }
}
