import Foundation
import GRDB
import Testing

import DeskflowStore

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Several instances may deliver from one outbox: a claim names the instance that took it, and only that instance
    /// records the attempt's outcome, until its lease runs out and the claim is settled for another to take.
    @Suite("Outbox claims")
    struct OutboxClaims {
        static let now = StoreFixtures.now
        static let first = InstanceID("web-1:100:aaaaaa")
        static let second = InstanceID("web-2:200:bbbbbb")
        /// A moment after which every claim taken at `now` has run out of lease (the worker's is two minutes).
        static let leaseRunOut = now.addingTimeInterval(1)

        static func outbox(messages: Int) async throws -> SQLiteStore {
            let database = try SQLiteStore.temporary()
            try await database.pool.write { db in
                try NotificationCounts.insertMessages(db, states: Array(repeating: .queued, count: messages))
            }
            return database
        }

        static func row(_ database: SQLiteStore, _ id: Int64) async throws -> (state: String, claimedBy: String?) {
            try await database.pool.read { db in
                let row = try #require(try Row.fetchOne(db, sql: "SELECT state, claimed_by FROM outbox WHERE id = ?", arguments: [id]))
                return (row["state"], row["claimed_by"])
            }
        }

        @Test("a claim records the instance that took it, and the record it makes lets go of it")
        func claimNamesInstance() async throws {
            let database = try await Self.outbox(messages: 1)

            let message = try #require(try await database.claimNextMessage(for: Self.first, now: Self.now))

            #expect(try await Self.row(database, message.id) == ("sending", Self.first.rawValue))
            #expect(message.attempts == 1)
            #expect(try await database.recordDelivery(messageID: message.id, .sent, by: Self.first, now: Self.now))
            #expect(try await Self.row(database, message.id) == ("sent", nil))
            #expect(try await database.claimNextMessage(for: Self.second, now: Self.now) == nil)
        }

        @Test("an instance whose claim was taken over after its lease cannot record the delivery; the new holder can")
        func staleInstanceCannotRecord() async throws {
            // given a message the first instance claimed, whose lease ran out before it recorded anything
            let database = try await Self.outbox(messages: 1)
            let stale = try #require(try await database.claimNextMessage(for: Self.first, now: Self.now))
            let settled = try await database.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: true, now: Self.leaseRunOut)
            #expect(settled == 1)

            // when the second instance claims it, and the first then tries to record its attempt
            let taken = try #require(try await database.claimNextMessage(for: Self.second, now: Self.leaseRunOut))
            #expect(taken.id == stale.id)
            let recordedByStale = try await database.recordDelivery(
                messageID: stale.id, .failed(error: "too late"), by: Self.first, now: Self.leaseRunOut)

            // then nothing is recorded over the second instance's claim, which records as usual
            #expect(!recordedByStale)
            #expect(try await Self.row(database, stale.id) == ("sending", Self.second.rawValue))
            #expect(try await database.recordDelivery(messageID: taken.id, .sent, by: Self.second, now: Self.leaseRunOut))
            #expect(try await Self.row(database, stale.id) == ("sent", nil))
            #expect(taken.attempts == 2)
        }

        @Test("a message settled as failed after its lease cannot be recorded by the instance that claimed it")
        func settledClaimCannotBeRecorded() async throws {
            let database = try await Self.outbox(messages: 1)
            let stale = try #require(try await database.claimNextMessage(for: Self.first, now: Self.now))
            _ = try await database.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: false, now: Self.leaseRunOut)

            let recorded = try await database.recordDelivery(messageID: stale.id, .sent, by: Self.first, now: Self.leaseRunOut)

            #expect(!recorded)
            #expect(try await Self.row(database, stale.id) == ("failed", nil))
        }

        @Test("recovery leaves a claim within its lease alone, and settles it once the lease ran out")
        func recoveryWaitsForLease() async throws {
            let database = try await Self.outbox(messages: 1)
            let message = try #require(try await database.claimNextMessage(for: Self.first, now: Self.now))

            let early = try await database.recoverInterruptedDeliveries(
                claimedBefore: Self.now, transportIsIdempotent: true, now: Self.now)

            #expect(early == 0)
            #expect(try await Self.row(database, message.id) == ("sending", Self.first.rawValue))

            let late = try await database.recoverInterruptedDeliveries(
                claimedBefore: Self.leaseRunOut, transportIsIdempotent: true, now: Self.leaseRunOut)

            #expect(late == 1)
            #expect(try await Self.row(database, message.id) == ("queued", nil))
        }

        @Test("two handles on one file claiming at once take every message exactly once")
        func concurrentClaims() async throws {
            // given two connections to the same database, as two processes would have
            let database = try await Self.outbox(messages: 40)
            let other = try SQLiteStore(path: database.path)

            // when each claims until nothing is left
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (handle, instance) in [(database, Self.first), (other, Self.second)] {
                    group.addTask {
                        var ids: [Int64] = []
                        while let message = try await handle.claimNextMessage(for: instance, now: Self.now) {
                            ids.append(message.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            // then every message was claimed once, each by the instance its row names
            #expect(claimed.sorted() == Array(1...40))
            let unclaimed = try await database.count("SELECT COUNT(*) FROM outbox WHERE state <> 'sending' OR claimed_by IS NULL")
            #expect(unclaimed == 0)
        }

        @Test("messages of a skipped kind stay queued, unclaimed")
        func skippedKinds() async throws {
            let database = try await Self.outbox(messages: 2)
            try await database.pool.write { db in try db.execute(sql: "UPDATE outbox SET kind = 'webhook' WHERE id = 1") }

            let message = try #require(try await database.claimNextMessage(for: Self.first, now: Self.now, skipping: ["webhook"]))

            #expect(message.id == 2)
            #expect(try await database.claimNextMessage(for: Self.first, now: Self.now, skipping: ["webhook"]) == nil)
            #expect(try await Self.row(database, 1) == ("queued", nil))
        }
    }
}
