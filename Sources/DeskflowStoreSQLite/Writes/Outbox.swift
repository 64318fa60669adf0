import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Claims the oldest message that is due for `instance`, marking it `sending` with one more attempt, so no other
    /// worker (and no later run of this one) sends it as well. The claim is one statement: the row is chosen and taken
    /// together, the shape PostgreSQL's `FOR UPDATE SKIP LOCKED` gives two instances claiming at once.
    /// `skipping` leaves messages of those kinds queued: storefront events on a server with no endpoint to send them
    /// to wait for one that has.
    public func claimNextMessage(
        for instance: InstanceID, now: Date, skipping kinds: Set<String> = []
    ) async throws -> OutboxMessage? {
        let skipped = kinds.sorted()
        let notSkipped = skipped.isEmpty ? "" : " AND kind NOT IN (\(skipped.map { _ in "?" }.joined(separator: ", ")))"
        var values: [(any DatabaseValueConvertible)?] = [now, instance.rawValue, now]
        values.append(contentsOf: skipped as [(any DatabaseValueConvertible)?])
        let arguments = StatementArguments(values)
        return try await pool.write { db in
            guard let record = try OutboxRecord.fetchOne(db, sql: """
                UPDATE outbox SET state = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1
                WHERE id = (
                  SELECT id FROM outbox
                  WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)\(notSkipped)
                  ORDER BY id LIMIT 1)
                RETURNING *
                """, arguments: arguments)
            else { return nil }
            return try Self.outboxMessage(record, db)
        }
    }

    /// Records the outcome of the attempt `instance`'s claim started, and says whether it did. A message no longer
    /// `sending`, or claimed by another instance since (its lease ran out and the claim was taken over), is left
    /// alone: the instance that holds the claim now records it.
    @discardableResult
    public func recordDelivery(
        messageID: Int64, _ outcome: DeliveryRecord, by instance: InstanceID, now: Date
    ) async throws -> Bool {
        try await pool.write { db in
            guard var record = try OutboxRecord.fetchOne(db, key: messageID), record.state == .sending,
                record.claimedBy == instance.rawValue
            else { return false }
            record.claimedAt = nil
            record.claimedBy = nil
            switch outcome {
            case .sent:
                record.state = .sent
                record.sentAt = now
                record.lastError = nil
            case .retry(let at, let error):
                record.state = .queued
                record.nextAttemptAt = at
                record.lastError = error
            case .failed(let error):
                record.state = .failed
                record.lastError = error
            }
            try record.update(db)
            return true
        }
    }

    /// Messages whose claim was taken before `claimedBefore` (its lease) and never recorded: the instance that claimed
    /// them stopped between sending and recording, or could not write its record. A claim still within its lease may
    /// belong to an instance sending it now, so it is never touched. When the transport can safely send the same
    /// message again (it replaces rather than duplicates), they are queued again; otherwise they are marked failed,
    /// because they may already have gone out.
    /// Kinds in `alwaysResent` are queued again whatever the transport (a webhook carries its id; a repeat is dropped).
    public func recoverInterruptedDeliveries(
        claimedBefore: Date, transportIsIdempotent: Bool, alwaysResent: Set<String> = [], now: Date
    ) async throws -> Int {
        let expired = OutboxRecord
            .filter(Column("state") == DeliveryState.sending.rawValue)
            // A claim with no time (made before claims had one) has no lease left either.
            .filter(Column("claimed_at") == nil || Column("claimed_at") < claimedBefore)
        // The worker asks every round; a read answers the usual "none" without taking the write lock.
        guard try await pool.read({ db in try expired.fetchCount(db) }) > 0 else { return 0 }
        return try await pool.write { db in
            let interrupted = try expired.fetchAll(db)
            for var record in interrupted {
                record.claimedAt = nil
                record.claimedBy = nil
                if transportIsIdempotent || alwaysResent.contains(record.kind) {
                    record.state = .queued
                    record.nextAttemptAt = now
                } else {
                    record.state = .failed
                    record.lastError = "Delivery was interrupted before it was recorded; the message may already have been sent. Check before resending."
                }
                try record.update(db)
            }
            return interrupted.count
        }
    }

    /// Puts a failed message back in the queue, to be sent as soon as the worker runs, under the form's idempotency
    /// key: the same form sent again changes nothing and answers as the first did.
    public func resendMessage(id: Int64, idempotency: IdempotencyClaim, flash: String, now: Date) async throws -> ResendResult {
        try await pool.write { db in
            if let stored = try Self.replay(idempotency, db) { return .replayed(flash: stored.flash) }
            guard var record = try OutboxRecord.fetchOne(db, key: id), record.state == .failed else {
                return .notFailed
            }
            record.state = .queued
            record.nextAttemptAt = now
            try record.update(db)
            try Self.storeResult(idempotency, flash: flash, now: now, db)
            return .queued
        }
    }

    static func outboxMessage(_ record: OutboxRecord, _ db: Database) throws -> OutboxMessage {
        let order = try record.orderId.flatMap { try OrderRecord.fetchOne(db, key: $0) }
        return OutboxMessage(
            id: record.id!, orderNumber: order?.number, kind: record.kind, recipient: record.recipient,
            customerName: order?.customerName, replyTo: record.replyTo, subject: record.subject, body: record.body,
            attempts: record.attempts, createdAt: record.createdAt)
    }
}
