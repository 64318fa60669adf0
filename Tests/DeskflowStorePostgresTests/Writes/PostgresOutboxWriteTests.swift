import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// The PostgreSQL twin of the SQLite store's "Outbox claims" suite, plus claims from two instances at once.
@Suite("PostgreSQL outbox writes", .postgresServer)
struct PostgresOutboxWriteTests {
    typealias Fixture = PostgresStoreFixture
    static let now = Fixture.now
    static let first = InstanceID("web-1:100:aaaaaa")
    static let second = InstanceID("web-2:200:bbbbbb")
    static let leaseRunOut = now.addingTimeInterval(1)

    @Test("a claim records the instance that took it, and the record it makes lets go of it")
    func claimNamesInstance() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(1, client)

            let message = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []))

            #expect(try await Fixture.outboxRow(message.id, client)! == ("sending", Self.first.rawValue))
            #expect(message.attempts == 1)
            #expect(message.createdAt == Self.now.stored.date)
            #expect(message.subject == "Subject 1")
            #expect(try await store.recordDelivery(messageID: message.id, .sent, by: Self.first, now: Self.now))
            #expect(try await Fixture.outboxRow(message.id, client)! == ("sent", nil))
            #expect(try await store.claimNextMessage(for: Self.second, now: Self.now, skipping: []) == nil)
        }
    }

    @Test("an instance whose claim was taken over after its lease cannot record the delivery; the new holder can")
    func staleInstanceCannotRecord() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(1, client)
            let stale = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []))
            let settled = try await store.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: true, now: Self.leaseRunOut)
            #expect(settled == 1)

            let taken = try #require(try await store.claimNextMessage(for: Self.second, now: Self.leaseRunOut, skipping: []))
            #expect(taken.id == stale.id)
            let recordedByStale = try await store.recordDelivery(
                messageID: stale.id, .failed(error: "too late"), by: Self.first, now: Self.leaseRunOut)

            #expect(!recordedByStale)
            #expect(try await Fixture.outboxRow(stale.id, client)! == ("sending", Self.second.rawValue))
            #expect(try await store.recordDelivery(messageID: taken.id, .sent, by: Self.second, now: Self.leaseRunOut))
            #expect(try await Fixture.outboxRow(stale.id, client)! == ("sent", nil))
            #expect(taken.attempts == 2)
        }
    }

    @Test("a message settled as failed after its lease cannot be recorded by the instance that claimed it")
    func settledClaimCannotBeRecorded() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(1, client)
            let stale = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []))
            _ = try await store.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: false, now: Self.leaseRunOut)

            let recorded = try await store.recordDelivery(messageID: stale.id, .sent, by: Self.first, now: Self.leaseRunOut)

            #expect(!recorded)
            #expect(try await Fixture.outboxRow(stale.id, client)! == ("failed", nil))
        }
    }

    @Test("recovery resends kinds that are always resent, even when the transport is not idempotent")
    func alwaysResentKinds() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(2, client)
            try await client.perform("UPDATE outbox SET kind = 'webhook' WHERE id = 1", logger: Fixture.logger)
            _ = try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: [])
            _ = try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: [])

            let settled = try await store.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: false, alwaysResent: ["webhook"],
                now: Self.leaseRunOut)

            #expect(settled == 2)
            #expect(try await Fixture.outboxRow(1, client)! == ("queued", nil))
            #expect(try await Fixture.outboxRow(2, client)! == ("failed", nil))
        }
    }

    @Test("recovery leaves a claim within its lease alone, and settles it once the lease ran out")
    func recoveryWaitsForLease() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(1, client)
            let message = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []))

            let early = try await store.recoverInterruptedDeliveries(
                claimedBefore: Self.now, transportIsIdempotent: true, now: Self.now)

            #expect(early == 0)
            #expect(try await Fixture.outboxRow(message.id, client)! == ("sending", Self.first.rawValue))

            let late = try await store.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: true, now: Self.leaseRunOut)

            #expect(late == 1)
            #expect(try await Fixture.outboxRow(message.id, client)! == ("queued", nil))
        }
    }

    @Test("a retry puts the message back for later; a claim before then finds nothing")
    func retryWaits() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(1, client)
            let message = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []))
            let later = Self.now.addingTimeInterval(60)

            #expect(try await store.recordDelivery(
                messageID: message.id, .retry(at: later, error: "busy"), by: Self.first, now: Self.now))

            #expect(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: []) == nil)
            let again = try #require(try await store.claimNextMessage(for: Self.second, now: later, skipping: []))
            #expect(again.id == message.id)
            #expect(again.attempts == 2)
        }
    }

    @Test("two instances claiming at once take every message exactly once")
    func concurrentClaims() async throws {
        try await Fixture.withTwoInstances { stores, client in
            try await Fixture.insertQueuedMessages(40, client)

            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (store, instance) in zip(stores, [Self.first, Self.second]) {
                    group.addTask {
                        var ids: [Int64] = []
                        while let message = try await store.claimNextMessage(for: instance, now: Self.now, skipping: []) {
                            ids.append(message.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            #expect(claimed.sorted() == Array(1...40))
            let unclaimed = try await client.values(
                "SELECT count(*) FROM outbox WHERE state <> 'sending' OR claimed_by IS NULL", as: Int.self)
            #expect(unclaimed == [0])
        }
    }

    @Test("messages of a skipped kind stay queued, unclaimed")
    func skippedKinds() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(2, client)
            try await client.perform("UPDATE outbox SET kind = 'webhook' WHERE id = 1", logger: Fixture.logger)

            let message = try #require(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: ["webhook"]))

            #expect(message.id == 2)
            #expect(try await store.claimNextMessage(for: Self.first, now: Self.now, skipping: ["webhook"]) == nil)
            #expect(try await Fixture.outboxRow(1, client)! == ("queued", nil))
        }
    }

    @Test("a failed message is queued again once per key; the same form again replays, another message answers notFailed")
    func resend() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertQueuedMessages(2, client)
            try await client.perform("UPDATE outbox SET state = 'failed' WHERE id = 1", logger: Fixture.logger)
            let claim = IdempotencyClaim(key: "resend-1", staffID: 1, fingerprint: "resend:1")

            #expect(try await store.resendMessage(id: 1, idempotency: claim, flash: "Queued.", now: Self.now) == .queued)
            #expect(try await store.resendMessage(id: 1, idempotency: claim, flash: "Queued.", now: Self.now)
                == .replayed(flash: "Queued."))
            let other = IdempotencyClaim(key: "resend-2", staffID: 1, fingerprint: "resend:2")
            #expect(try await store.resendMessage(id: 2, idempotency: other, flash: "Queued.", now: Self.now) == .notFailed)
            #expect(try await Fixture.outboxRow(1, client)! == ("queued", nil))
            await #expect(throws: IdempotencyKeyReused.self) {
                try await store.resendMessage(
                    id: 1, idempotency: IdempotencyClaim(key: "resend-1", staffID: 2, fingerprint: "resend:1"),
                    flash: "Queued.", now: Self.now)
            }
        }
    }
}
