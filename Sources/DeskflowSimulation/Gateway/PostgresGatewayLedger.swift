import DeskflowStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The simulated payment provider's books on PostgreSQL, shared by every instance on the database: the twin of
/// `GatewayLedger`, answering every call exactly as it does.
///
/// READ COMMITTED takes no lock at `BEGIN`, so what SQLite's `BEGIN IMMEDIATE` serialises is serialised here by
/// advisory locks, taken before the first read: the key's, so a call repeated on two instances at once is decided once
/// and the other replays it; then the order's, so calls for one order (two refunds, a capture and a void) queue while
/// calls for other orders go on. Every call takes them in that order and never waits for a key while holding an order.
struct PostgresGatewayLedger: Sendable {
    let client: PostgresClient
    let logger: Logger

    static let columns = GatewayTransactionRecord.Columns.allCases.map(\.rawValue).joined(separator: ", ")

    func apply(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: "simulated-gateway-key-\(key)", logger: logger)
            let existing = try await Self.record(key: key, on: connection, logger: logger)
            if let existing, existing.isFinal { return existing.entry }
            try await connection.lockForTransaction(key: "simulated-gateway-order-\(orderNumber)", logger: logger)
            let state = try await Self.state(orderNumber: orderNumber, on: connection, logger: logger)
            let record = GatewayTransactionRecord(
                key: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4,
                decision: decide(state, existing?.attempts ?? 0), after: existing, now: now)
            try await Self.save(record, on: connection, logger: logger)
            return record.entry
        }
    }

    /// The row kept under `key`, if any.
    static func record(key: String, on connection: PostgresConnection, logger: Logger) async throws -> GatewayTransactionRecord? {
        let rows = try await connection.queryWhileOpen(
            "SELECT \(unescaped: columns) FROM gateway_transactions WHERE idempotency_key = \(key)", logger: logger)
        var record: GatewayTransactionRecord?
        for try await row in rows.decode(
            (String, String, Int, Int64, String?, Bool, Bool, String?, String?, String?, Int, Date).self)
        {
            record = GatewayTransactionRecord(
                idempotencyKey: row.0, kind: row.1, orderNumber: row.2, amountMinor: row.3, cardLast4: row.4,
                succeeded: row.5, isFinal: row.6, reference: row.7, failureCode: row.8, failureMessage: row.9,
                attempts: row.10, createdAt: row.11)
        }
        return record
    }

    /// What the ledger holds for the order, as `GatewayLedger` sums it.
    static func state(orderNumber: Int, on connection: PostgresConnection, logger: Logger) async throws -> GatewayLedgerState {
        let rows = try await connection.queryWhileOpen(
            """
            SELECT
              COALESCE(SUM(CASE WHEN kind IN ('capture', 'charge') AND succeeded THEN amount_minor END), 0)::bigint,
              COALESCE(SUM(CASE WHEN kind = 'refund' AND succeeded THEN amount_minor END), 0)::bigint,
              COALESCE(SUM(CASE WHEN kind = 'authorization' AND succeeded THEN amount_minor END), 0)::bigint,
              COALESCE(SUM(CASE WHEN kind = 'void' AND succeeded THEN amount_minor END), 0)::bigint
            FROM gateway_transactions WHERE order_number = \(orderNumber)
            """,
            logger: logger)
        var state = GatewayLedgerState(captured: 0, refunded: 0, authorized: 0, voided: 0)
        for try await (captured, refunded, authorized, voided) in rows.decode((Int64, Int64, Int64, Int64).self) {
            state = GatewayLedgerState(captured: captured, refunded: refunded, authorized: authorized, voided: voided)
        }
        return state
    }

    /// Writes `record` under its key, replacing the transient answer kept there, if any.
    static func save(_ record: GatewayTransactionRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.perform(
            """
            INSERT INTO gateway_transactions (
              idempotency_key, kind, order_number, amount_minor, card_last4, succeeded, is_final, reference,
              failure_code, failure_message, attempts, created_at)
            VALUES (
              \(record.idempotencyKey), \(record.kind), \(record.orderNumber), \(record.amountMinor), \(record.cardLast4),
              \(record.succeeded), \(record.isFinal), \(record.reference), \(record.failureCode), \(record.failureMessage),
              \(record.attempts), \(record.createdAt))
            ON CONFLICT (idempotency_key) DO UPDATE SET
              kind = excluded.kind, order_number = excluded.order_number, amount_minor = excluded.amount_minor,
              card_last4 = excluded.card_last4, succeeded = excluded.succeeded, is_final = excluded.is_final,
              reference = excluded.reference, failure_code = excluded.failure_code,
              failure_message = excluded.failure_message, attempts = excluded.attempts, created_at = excluded.created_at
            """,
            logger: logger)
    }
}
