import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import DeskflowStorePostgresTestSupport
import Foundation
import Synchronization
import Testing

@testable import DeskflowWeb

/// A transport that keeps how many times each message was handed to it, by Message-ID. It takes a repeat without
/// complaint (as the maildir does), so a message sent twice shows here rather than being hidden.
final class CountingTransport: MailTransport {
    private let sends = Mutex<[String: Int]>([:])

    var isIdempotent: Bool { true }

    func send(_ email: Email) async throws { sends.withLock { $0[email.messageID, default: 0] += 1 } }

    var timesSent: [String: Int] { sends.withLock { $0 } }
}

/// Two instances of Deskflow on one PostgreSQL database, each with its own delivery worker draining the one outbox.
@Suite("Two delivery workers on one outbox", .postgresServer, .timeLimit(.minutes(2)))
struct SharedOutboxTests {
    static let queued = 200

    /// `count` customer messages queued on one order, each with its own subject.
    static func queueMessages(_ count: Int, _ database: any DeskflowDatabase) async throws {
        let number = try #require(try await database.listOrders(OrderListRequest(limit: 1)).orders.first).number
        for index in 1...count {
            try await database.recordOutcome(OutcomeRequest(orderNumber: number, actor: "Maria Manager", now: testNow)) { _ in
                var change = OrderChange()
                change.message = CustomerMessage(kind: .customerMessage, subject: "Message \(index)", body: "Hello again.")
                return change
            }
        }
    }

    /// Runs each worker's `deliverDue` at once, started together, until each has found nothing more to claim.
    static func deliverTogether(_ workers: [DeliveryWorker]) async throws {
        let gates = workers.map { _ in Signal() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (worker, gate) in zip(workers, gates) {
                group.addTask {
                    await gate.wait()
                    try await worker.deliverDue()
                }
            }
            gates.forEach { $0.fire() }
            try await group.waitForAll()
        }
    }

    @Test("200 queued messages, two workers at once: every message handed to the transport exactly once, none left")
    func everyMessageOnce() async throws {
        try await TestApp.onPostgres(instances: 2) { apps in
            let database = apps[0].database
            try await Self.queueMessages(Self.queued, database)
            let waiting = try await database.notificationCounts()[.queued, default: 0]
            #expect(waiting >= Self.queued)
            let retriedBefore = try await database.count("SELECT COUNT(*) FROM outbox WHERE attempts > 1")
            let transports = apps.map { _ in CountingTransport() }
            var workers: [DeliveryWorker] = []
            for (app, transport) in zip(apps, transports) { workers.append(try await app.deliveryWorker(transport: transport)) }

            try await Self.deliverTogether(workers)

            let sends = transports.map(\.timesSent)
            let everySend = sends.flatMap { $0 }
            #expect(everySend.count == waiting, "sent by instance: \(sends.map(\.count))")
            #expect(Set(everySend.map(\.key)).count == waiting, "a message went out from both instances")
            #expect(everySend.allSatisfy { $0.value == 1 }, "a message went out twice from one instance")
            let counts = try await database.notificationCounts()
            #expect(counts[.queued] == nil && counts[.sending] == nil, "\(counts)")
            // and no message took a second attempt: none was claimed by one worker after the other had it
            await #expect(try database.count("SELECT COUNT(*) FROM outbox WHERE attempts > 1") == retriedBefore)
        }
    }

    @Test("through the maildir, each instance its own folder: one file per message across both, none left queued")
    func oneFilePerMessage() async throws {
        try await TestApp.onPostgres(instances: 2) { apps in
            let database = apps[0].database
            try await Self.queueMessages(Self.queued, database)
            let waiting = try await database.notificationCounts()[.queued, default: 0]
            var workers: [DeliveryWorker] = []
            for app in apps { workers.append(try await app.deliveryWorker()) }

            try await Self.deliverTogether(workers)

            let files = try apps.map { app in
                try FileManager.default.contentsOfDirectory(atPath: app.mailFolder.path).filter { $0.hasSuffix(".eml") }
            }
            #expect(files.flatMap { $0 }.count == waiting, "files by instance: \(files.map(\.count))")
            #expect(Set(files.flatMap { $0 }).count == waiting, "a message was written by both instances")
            let counts = try await database.notificationCounts()
            #expect(counts[.queued] == nil && counts[.sending] == nil, "\(counts)")
        }
    }

    @Test("claims an instance took before it died are left alone within their lease, then delivered once by the other")
    func claimsOfADeadInstance() async throws {
        let clock = MovableClock(testNow)
        try await TestApp.onPostgres(instances: 2, clock: clock.appClock) { apps in
            let (dead, alive) = (apps[0], apps[1])
            try await Self.queueMessages(10, alive.database)
            // given an instance that claimed five messages and died before sending or recording any
            var claimed: Set<Int64> = []
            for _ in 0..<5 {
                let message = try #require(try await dead.database.claimNextMessage(for: dead.configuration.instance, now: clock.appClock.now))
                claimed.insert(message.id)
            }
            let transport = CountingTransport()
            let worker = try await alive.deliveryWorker(transport: transport)

            // when the other instance delivers within the claims' lease
            try await worker.deliverDue()

            // then it sends everything but the dead instance's claims
            let waiting = try await alive.database.notificationCounts()
            #expect(waiting[.sending] == claimed.count, "\(waiting)")
            #expect(waiting[.queued] == nil, "\(waiting)")
            let sentWithinLease = transport.timesSent

            // when the lease has run out, and it delivers again
            clock.advance(by: DeliveryWorker.claimLease + 1)
            try await worker.deliverDue()

            // then the dead instance's messages went out once each, and nothing else went twice
            let sends = transport.timesSent
            #expect(sends.count == sentWithinLease.count + claimed.count)
            #expect(sends.values.allSatisfy { $0 == 1 }, "\(sends)")
            let settled = try await alive.database.notificationCounts()
            #expect(settled[.sending] == nil && settled[.queued] == nil, "\(settled)")
            let ids = claimed.map(String.init).joined(separator: ", ")
            await #expect(try alive.database.count("SELECT COUNT(*) FROM outbox WHERE id IN (\(ids)) AND state = 'sent'") == claimed.count)
            await #expect(
                try alive.database.count("SELECT COUNT(*) FROM outbox WHERE id IN (\(ids)) AND claimed_by = '\(dead.configuration.instance)'") == 0)
        }
    }
}
