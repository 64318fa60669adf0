import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Claims the oldest message that is due for `instance`, marking it `sending` with one more attempt. The row is
    /// chosen `FOR UPDATE SKIP LOCKED`: two instances claiming at once take two different messages, and neither
    /// waits for the other. `skipping` leaves messages of those kinds queued.
    public func claimNextMessage(
        for instance: InstanceID, now: Date, skipping kinds: Set<String> = []
    ) async throws -> OutboxMessage? {
        let skipped = kinds.sorted()
        let now = now.stored.date
        return try await client.withRetryingTransaction(logger: logger) { connection in
            let rows = try await connection.queryWhileOpen(
                """
                WITH claimed AS (
                  UPDATE outbox SET state = 'sending', claimed_at = \(now), claimed_by = \(instance.rawValue),
                    attempts = attempts + 1
                  WHERE id = (
                    SELECT id FROM outbox
                    WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= \(now))
                      AND kind <> ALL(\(skipped))
                    ORDER BY id
                    FOR UPDATE SKIP LOCKED
                    LIMIT 1)
                  RETURNING *)
                \(unescaped: Self.outboxMessageColumns) FROM claimed LEFT JOIN orders ON orders.id = claimed.order_id
                """,
                logger: logger)
            return try await Self.outboxMessages(rows).first
        }
    }

    /// Records the outcome of the attempt `instance`'s claim started, and says whether it did. A message no longer
    /// `sending`, or claimed by another instance since, is left alone.
    @discardableResult
    public func recordDelivery(
        messageID: Int64, _ outcome: DeliveryRecord, by instance: InstanceID, now: Date
    ) async throws -> Bool {
        let now = now.stored.date
        return try await client.withRetryingTransaction(logger: logger) { connection in
            let statement: PostgresQuery
            switch outcome {
            case .sent:
                statement = """
                    UPDATE outbox SET state = 'sent', sent_at = \(now), last_error = NULL, claimed_at = NULL, claimed_by = NULL
                    WHERE id = \(messageID) AND state = 'sending' AND claimed_by = \(instance.rawValue)
                    RETURNING id
                    """
            case .retry(let at, let error):
                statement = """
                    UPDATE outbox SET state = 'queued', next_attempt_at = \(at.stored), last_error = \(error),
                      claimed_at = NULL, claimed_by = NULL
                    WHERE id = \(messageID) AND state = 'sending' AND claimed_by = \(instance.rawValue)
                    RETURNING id
                    """
            case .failed(let error):
                statement = """
                    UPDATE outbox SET state = 'failed', last_error = \(error), claimed_at = NULL, claimed_by = NULL
                    WHERE id = \(messageID) AND state = 'sending' AND claimed_by = \(instance.rawValue)
                    RETURNING id
                    """
            }
            return try await Self.count(try await connection.queryWhileOpen(statement, logger: logger)) > 0
        }
    }

    /// Messages whose claim was taken before `claimedBefore` (its lease) and never recorded. Queued again when the
    /// transport can safely send them again (or their kind is always resent), otherwise marked failed, because they
    /// may already have gone out. A claim still within its lease is never touched.
    public func recoverInterruptedDeliveries(
        claimedBefore: Date, transportIsIdempotent: Bool, alwaysResent: Set<String> = [], now: Date
    ) async throws -> Int {
        let resent = alwaysResent.sorted()
        let now = now.stored.date
        let interrupted =
            "Delivery was interrupted before it was recorded; the message may already have been sent. Check before resending."
        return try await client.withRetryingTransaction(logger: logger) { connection in
            let rows = try await connection.queryWhileOpen(
                """
                WITH expired AS (
                  SELECT id, (\(transportIsIdempotent) OR kind = ANY(\(resent))) AS resend FROM outbox
                  WHERE state = 'sending' AND (claimed_at IS NULL OR claimed_at < \(claimedBefore.stored))
                  ORDER BY id
                  FOR UPDATE)
                UPDATE outbox SET
                  claimed_at = NULL, claimed_by = NULL,
                  state = CASE WHEN expired.resend THEN 'queued' ELSE 'failed' END,
                  next_attempt_at = CASE WHEN expired.resend THEN \(now) ELSE outbox.next_attempt_at END,
                  last_error = CASE WHEN expired.resend THEN outbox.last_error ELSE \(interrupted) END
                FROM expired
                WHERE outbox.id = expired.id AND outbox.state = 'sending'
                RETURNING outbox.id
                """,
                logger: logger)
            return try await Self.count(rows)
        }
    }

    /// Puts a failed message back in the queue, under the form's idempotency key: the same form sent again changes
    /// nothing and answers as the first did.
    public func resendMessage(id: Int64, idempotency: IdempotencyClaim, flash: String, now: Date) async throws -> ResendResult {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: idempotency.key, logger: logger)
            if let stored = try await connection.replay(idempotency, logger: logger) {
                return .replayed(flash: stored.flash)
            }
            let requeued = try await connection.queryWhileOpen(
                """
                UPDATE outbox SET state = 'queued', next_attempt_at = \(now.stored)
                WHERE id = \(id) AND state = 'failed'
                RETURNING id
                """,
                logger: logger)
            guard try await Self.count(requeued) > 0 else { return .notFailed }
            try await connection.storeResult(idempotency, flash: flash, now: now, logger: logger)
            return .queued
        }
    }

    /// The columns `outboxMessages` decodes, selected from an outbox row set named `claimed` joined to `orders`.
    static let outboxMessageColumns = """
        SELECT claimed.id, orders.number, claimed.kind, claimed.recipient, orders.customer_name, claimed.reply_to,
          claimed.subject, claimed.body, claimed.attempts, claimed.created_at
        """

    static func outboxMessages(_ rows: FetchedRows) async throws -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        let decoded = rows.decode((Int64, Int?, String, String, String?, String?, String, String, Int, Date).self)
        for try await (id, number, kind, recipient, customerName, replyTo, subject, body, attempts, createdAt) in decoded {
            messages.append(
                OutboxMessage(
                    id: id, orderNumber: number, kind: kind, recipient: recipient, customerName: customerName,
                    replyTo: replyTo, subject: subject, body: body, attempts: attempts, createdAt: createdAt))
        }
        return messages
    }

    /// How many rows a statement returned (its `RETURNING id`), read to the end so its errors surface here.
    static func count(_ rows: FetchedRows) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}
