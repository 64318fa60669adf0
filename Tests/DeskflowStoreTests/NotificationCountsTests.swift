import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// The counts on the notifications tabs are kept by triggers on the outbox, so the page never counts every message.
    @Suite("Notification counts")
    struct NotificationCounts {
        /// The counts worked out from the messages themselves.
        static func counted(_ database: SQLiteStore) async throws -> [DeliveryState: Int] {
            try await database.pool.read { db in
                var counts: [DeliveryState: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                    counts[try #require(DeliveryState(rawValue: row["state"]))] = row["n"]
                }
                return counts
            }
        }

        static func insertMessages(_ db: Database, states: [DeliveryState]) throws {
            for (index, state) in states.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO outbox(kind, recipient, subject, body, state, created_at)
                        VALUES ('order_cancelled', ?, 'Your order was cancelled', 'Sorry.', ?, ?)
                        """,
                    arguments: ["customer\(index)@example.com", state.rawValue, StoreFixtures.now])
            }
        }

        @Test("the counts follow each message through the delivery worker's round")
        func followDelivery() async throws {
            // given five queued messages
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in try Self.insertMessages(db, states: Array(repeating: .queued, count: 5)) }
            #expect(try await database.notificationCounts() == [.queued: 5])

            // when each kind of outcome happens, then the counts agree with the messages
            let now = StoreFixtures.now
            let worker = InstanceID("worker")
            let steps: [(String, () async throws -> Void)] = [
                ("sent", {
                    let message = try #require(await database.claimNextMessage(for: worker, now: now))
                    try await database.recordDelivery(messageID: message.id, .sent, by: worker, now: now)
                }),
                ("retried later", {
                    let message = try #require(await database.claimNextMessage(for: worker, now: now))
                    try await database.recordDelivery(
                        messageID: message.id, .retry(at: now.addingTimeInterval(60), error: "busy"), by: worker, now: now)
                }),
                ("failed", {
                    let message = try #require(await database.claimNextMessage(for: worker, now: now))
                    try await database.recordDelivery(messageID: message.id, .failed(error: "no such mailbox"), by: worker, now: now)
                }),
                ("claimed", { _ = try #require(await database.claimNextMessage(for: worker, now: now)) }),
                ("interrupted and failed", {
                    _ = try await database.recoverInterruptedDeliveries(
                        claimedBefore: now.addingTimeInterval(1), transportIsIdempotent: false, now: now)
                }),
                ("resent", {
                    let failed = try await database.notifications(state: .failed, before: nil, limit: 1).items
                    let id = try #require(failed.first).id
                    let claim = IdempotencyClaim(key: "resend-\(id)", staffID: 1, fingerprint: "resend|\(id)")
                    #expect(try await database.resendMessage(id: id, idempotency: claim, flash: "queued", now: now) == .queued)
                }),
            ]
            for (name, step) in steps {
                try await step()
                #expect(try await database.notificationCounts() == Self.counted(database), "after a message was \(name)")
            }
            #expect(try await database.notificationCounts() == [.queued: 3, .sent: 1, .failed: 1])
        }

        /// Changes made with SQL, as a later feature or a clean-up would make them.
        static let changes: [(name: String, sql: String)] = [
            ("every failed message is queued again", "UPDATE outbox SET state = 'queued' WHERE state = 'failed'"),
            ("a column the counts do not depend on changes", "UPDATE outbox SET attempts = attempts + 1"),
            ("the sent messages are deleted", "DELETE FROM outbox WHERE state = 'sent'"),
            ("every message is deleted", "DELETE FROM outbox"),
        ]

        @Test("counts kept by triggers follow changes made directly in SQL", arguments: changes)
        func followSQLChanges(change: (name: String, sql: String)) async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in
                try Self.insertMessages(db, states: [.queued, .sent, .sent, .failed, .sending])
            }

            // when
            let changedRows = try await database.pool.write { db in
                try db.execute(sql: change.sql)
                return db.changesCount
            }

            // then
            #expect(changedRows > 0, "the change \"\(change.name)\" touched no message")
            #expect(try await database.notificationCounts() == Self.counted(database))
        }

        @Test("a database that already has messages counts them when it is migrated")
        func migrationCountsExistingMessages() async throws {
            // given a database from before the counts, with messages
            let path = StoreFixtures.temporaryPath()
            do {
                let queue = try DatabaseQueue(path: path)
                try Migrations.migrator.migrate(queue, upTo: "v4-outbox-delivery")
                try await queue.write { db in try Self.insertMessages(db, states: [.sent, .sent, .failed, .queued, .sent]) }
            }

            // when
            let database = try SQLiteStore(path: path)

            // then
            #expect(try await database.notificationCounts() == [.sent: 3, .failed: 1, .queued: 1])
        }
    }
}
