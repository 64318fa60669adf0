import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Claims the oldest message that is due, marking it `sending` with one more attempt, so no other worker
    /// (and no later run of this one) sends it as well.
    /// `skipping` leaves messages of those kinds queued: storefront events on a server with no endpoint to send them
    /// to wait for one that has.
    public func claimNextMessage(now: Date, skipping kinds: Set<String> = []) async throws -> OutboxMessage? {
        try await pool.write { db in
            guard var record = try OutboxRecord
                .filter(sql: "state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)", arguments: [now])
                .filter(!kinds.contains(Column("kind")))
                .order(Column("id")).fetchOne(db)
            else { return nil }
            record.state = .sending
            record.claimedAt = now
            record.attempts += 1
            try record.update(db)
            return try Self.outboxMessage(record, db)
        }
    }

    /// Records the outcome of the attempt a claim started. A message no longer `sending` is left alone.
    public func recordDelivery(messageID: Int64, _ outcome: DeliveryRecord, now: Date) async throws {
        try await pool.write { db in
            guard var record = try OutboxRecord.fetchOne(db, key: messageID), record.state == .sending
            else { return }
            record.claimedAt = nil
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
        }
    }

    /// Messages left `sending` by a process that stopped between sending and recording. When the transport can
    /// safely send the same message again (it replaces rather than duplicates), they are queued again; otherwise
    /// they are marked failed, because they may already have gone out.
    /// `claimedBefore` limits it to claims older than that moment: the running worker's own claims that it could not
    /// finish recording (the database could not be written then), never one it is sending now.
    /// Kinds in `alwaysResent` are queued again whatever the transport (a webhook carries its id; a repeat is dropped).
    public func recoverInterruptedDeliveries(
        transportIsIdempotent: Bool, alwaysResent: Set<String> = [], now: Date, claimedBefore: Date? = nil
    ) async throws -> Int {
        var claims = OutboxRecord.filter(Column("state") == DeliveryState.sending.rawValue)
        if let claimedBefore { claims = claims.filter(Column("claimed_at") < claimedBefore) }
        let sending = claims
        // The worker asks every round; a read answers the usual "none" without taking the write lock.
        guard try await pool.read({ db in try sending.fetchCount(db) }) > 0 else { return 0 }
        return try await pool.write { db in
            let interrupted = try sending.fetchAll(db)
            for var record in interrupted {
                record.claimedAt = nil
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
