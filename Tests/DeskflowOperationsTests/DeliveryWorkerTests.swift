import DeskflowDomain
import DeskflowStore
import Foundation
import Synchronization
import Testing

@testable import DeskflowOperations

/// A transport that records what it was given and fails as often as told.
final class RecordingTransport: MailTransport {
    private let state = Mutex<(sent: [Email], failuresLeft: Int)>(([], 0))
    let isIdempotent: Bool

    init(failures: Int = 0, idempotent: Bool = true) {
        state.withLock { $0.failuresLeft = failures }
        isIdempotent = idempotent
    }

    var sent: [Email] { state.withLock { $0.sent } }

    func send(_ email: Email) async throws {
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw MailTransportError("mailbox unavailable")
            }
            state.sent.append(email)
        }
    }
}

extension DeskflowOperationsTests {
    @Suite("Delivering customer messages")
    struct DeliveryWorkerTests {
        static let start = Date(timeIntervalSince1970: 1_795_000_000)

        /// A demo store with one queued message for its first order.
        static func store(body: String = "Hello <Jane> & \"friends\", it's here.") async throws -> (any DeskflowDatabase, Int) {
            let database = try TestDatabase.temporary()
            _ = try await database.seedDemoStore(try OperationsFixtures.definition(), now: start)
            let number = try #require(try await database.listOrders(OrderListRequest(limit: 1)).orders.first).number
            try await database.recordOutcome(OutcomeRequest(orderNumber: number, actor: "Maria", now: start)) { _ in
                var change = OrderChange()
                change.message = CustomerMessage(kind: .customerMessage, subject: "About your order #\(number)", body: body)
                return change
            }
            return (database, number)
        }

        static func composer() async throws -> EmailComposer {
            try await EmailComposer(
                templatesDirectory: OperationsFixtures.packageRoot.appendingPathComponent("Templates"), identity: .demo)
        }

        static let instance = InstanceID("test-host:1:worker")

        static func worker(
            _ database: any DeskflowDatabase, _ transport: any MailTransport, clock: MovableClock, instance: InstanceID = instance
        ) async throws -> DeliveryWorker {
            DeliveryWorker(
                database: database, instance: instance, composer: try await composer(), transport: transport,
                policy: RetryPolicy(maximumAttempts: 4, baseDelay: 60, maximumDelay: 600), clock: clock.appClock,
                logger: OperationsFixtures.logger)
        }

        @Test("a queued message is sent once and marked sent")
        func sendsOnce() async throws {
            let (database, number) = try await Self.store()
            let transport = RecordingTransport()
            let worker = try await Self.worker(database, transport, clock: MovableClock(Self.start))

            #expect(try await worker.deliverDue() == 1)
            #expect(try await worker.deliverDue() == 0)

            #expect(transport.sent.count == 1)
            #expect(transport.sent.first?.subject == "About your order #\(number)")
            let item = try #require(try await database.notifications(state: nil, before: nil, limit: 10).items.first)
            #expect(item.state == .sent)
            #expect(item.attempts == 1)
        }

        @Test("failures are retried with exponential backoff, then marked failed with the error")
        func retrySchedule() async throws {
            let (database, _) = try await Self.store()
            let transport = RecordingTransport(failures: 10)
            let clock = MovableClock(Self.start)
            let worker = try await Self.worker(database, transport, clock: clock)
            var expectedDelays: [TimeInterval] = []
            for attempt in 1...4 {
                #expect(try await worker.deliverDue() == 1, "attempt \(attempt)")
                let item = try #require(try await database.notifications(state: nil, before: nil, limit: 1).items.first)
                #expect(item.attempts == attempt)
                #expect(item.lastError == "mailbox unavailable")
                if attempt < 4 {
                    #expect(item.state == .queued)
                    let delay = try #require(item.nextAttemptAt).timeIntervalSince(clock.now)
                    expectedDelays.append(delay)
                    // not due a second before its time
                    clock.advance(by: delay - 1)
                    #expect(try await worker.deliverDue() == 0)
                    clock.advance(by: 1)
                } else {
                    #expect(item.state == .failed)
                }
            }
            #expect(expectedDelays == [60, 120, 240])
            #expect(transport.sent.isEmpty)
            #expect(try await worker.deliverDue() == 0)
        }

        @Test("a message interrupted between sending and recording is sent again only to an idempotent transport")
        func crashBetweenSendAndRecord() async throws {
            for idempotent in [true, false] {
                let (database, _) = try await Self.store()
                let clock = MovableClock(Self.start)
                // given a first run that claimed and sent the message, then stopped before recording it
                let stopped = InstanceID("test-host:1:stopped")
                let claimed = try #require(try await database.claimNextMessage(for: stopped, now: clock.now))
                let transport = RecordingTransport(idempotent: idempotent)
                try await transport.send(try await Self.composer().compose(claimed))

                // when the next run starts, after the claim's lease
                clock.advance(by: DeliveryWorker.claimLease + 1)
                let worker = try await Self.worker(database, transport, clock: clock)
                try await worker.recover()
                try await worker.deliverDue()

                // then
                let item = try #require(try await database.notifications(state: nil, before: nil, limit: 1).items.first)
                if idempotent {
                    #expect(item.state == .sent)
                    #expect(Set(transport.sent.map(\.messageID)).count == 1, "the resend is the same message")
                } else {
                    #expect(item.state == .failed)
                    #expect(transport.sent.count == 1, "never sent a second time")
                    #expect(item.lastError?.contains("may already have been sent") == true)
                }
            }
        }

        @Test("start-up recovery leaves a claim within its lease to the instance sending it, and settles it after")
        func startUpWaitsForTheLease() async throws {
            // given a message another live instance has just claimed
            let (database, _) = try await Self.store()
            let clock = MovableClock(Self.start)
            let other = InstanceID("test-host:2:other")
            _ = try #require(try await database.claimNextMessage(for: other, now: clock.now))
            let transport = RecordingTransport()
            let worker = try await Self.worker(database, transport, clock: clock)

            // when this instance starts while the claim is within its lease
            clock.advance(by: DeliveryWorker.claimLease - 1)
            try await worker.recover()
            try await worker.deliverDue()

            // then the claim is left to the other instance: still sending, and not sent from here
            #expect(try await database.notifications(state: nil, before: nil, limit: 1).items.first?.state == .sending)
            #expect(transport.sent.isEmpty)

            // when the lease has run out
            clock.advance(by: 2)
            try await worker.recover()
            try await worker.deliverDue()

            // then the message is settled and sent once from here
            #expect(try await database.notifications(state: nil, before: nil, limit: 1).items.first?.state == .sent)
            #expect(transport.sent.count == 1)
        }

        @Test("a server alone on its database settles every claim left at start-up, however young")
        func soleServerSettlesEverything() async throws {
            // given a message a stopped run had just claimed
            let (database, _) = try await Self.store()
            let clock = MovableClock(Self.start)
            _ = try #require(try await database.claimNextMessage(for: InstanceID("test-host:2:stopped"), now: clock.now))
            let transport = RecordingTransport()
            let worker = try await Self.worker(database, transport, clock: clock)

            // when this server starts at once, holding the database alone
            try await worker.recover(.everythingLeft)
            try await worker.deliverDue()

            // then the claim is settled without waiting for its lease, and the message sent once (maildir-like transport)
            #expect(try await database.notifications(state: nil, before: nil, limit: 1).items.first?.state == .sent)
            #expect(transport.sent.count == 1)
        }

        @Test("a worker whose claim was taken over after its lease records nothing over the instance that holds it now")
        func lostClaim() async throws {
            // given a worker whose send outlives its lease, while another instance settles the claim and sends again
            let (database, _) = try await Self.store()
            let clock = MovableClock(Self.start)
            let other = try await Self.worker(
                database, RecordingTransport(), clock: clock, instance: InstanceID("test-host:2:other"))
            let slow = TakeOverTransport {
                clock.advance(by: DeliveryWorker.claimLease + 1)
                _ = try await other.deliverDue()
            }
            let worker = try await Self.worker(database, slow, clock: clock)

            // when the slow worker's send finishes and it records it
            #expect(try await worker.deliverDue() == 1)

            // then the other instance's record stands: sent once by it, on the second attempt
            let item = try #require(try await database.notifications(state: nil, before: nil, limit: 1).items.first)
            #expect(item.state == .sent)
            #expect(item.attempts == 2)
            #expect(slow.sends == 1)
        }

        @Test("a message sent while the database turned read-only is never retried as unsent; its old claim is settled once")
        func sentButNotRecorded() async throws {
            for idempotent in [true, false] {
                // given a transport that sends, after which the database can no longer be written
                let (database, _) = try await Self.store()
                let clock = MovableClock(Self.start)
                let transport = DatabaseBreakingTransport(database: database, idempotent: idempotent)
                let worker = try await Self.worker(database, transport, clock: clock)

                // when the worker sends the message and cannot record it
                await #expect(throws: (any Error).self) { try await worker.deliverDue() }
                try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 0") }

                // then the message is neither sent again nor requeued while its claim is fresh
                #expect(try await worker.deliverDue() == 0)
                #expect(try await database.notifications(state: nil, before: nil, limit: 1).items.first?.state == .sending)

                // when the claim is old enough to be abandoned
                clock.advance(by: 3 * 60)
                try await worker.deliverDue()

                // then it is sent again only to a transport where that replaces the first copy
                let item = try #require(try await database.notifications(state: nil, before: nil, limit: 1).items.first)
                if idempotent {
                    #expect(item.state == .sent)
                    #expect(Set(transport.sent.map(\.messageID)).count == 1, "the resend is the same message")
                } else {
                    #expect(item.state == .failed)
                    #expect(transport.sent.count == 1, "never sent a second time")
                }
            }
        }

        @Test("the maildir transport writes one RFC 5322 file per message, replaced rather than duplicated")
        func maildir() async throws {
            let body = "Hello <Jane> & \"friends\", it's here.\n\nSecond paragraph."
            let (database, number) = try await Self.store(body: body)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
            let transport = MaildirTransport(directory: folder)
            let worker = try await Self.worker(database, transport, clock: MovableClock(Self.start))
            try await worker.deliverDue()
            let message = try #require(try await database.notification(id: 1)?.message)
            try await transport.send(try await Self.composer().compose(message))

            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(files.count == 1)
            let raw = try String(contentsOf: folder.appendingPathComponent(try #require(files.first)), encoding: .utf8)
            let parsed = ParsedEmail(raw)
            #expect(parsed.headers["From"] == "Deskflow Demo Store <orders@demo.deskflow.test>")
            #expect(parsed.headers["Subject"] == "About your order #\(number)")
            #expect(parsed.headers["Message-ID"]?.hasPrefix("<outbox-1.") == true)
            #expect(parsed.headers["Date"] == "Wed, 18 Nov 2026 11:06:40 +0000")
            #expect(parsed.headers["Content-Type"]?.hasPrefix("multipart/alternative") == true)
            #expect(parsed.parts.count == 2)
            #expect(parsed.parts[0].contains(body), "the text part is exactly what was written")
            #expect(parsed.parts[0].contains("Deskflow Demo Store · Order #\(number)"))
            #expect(parsed.parts[1].contains("Hello &lt;Jane&gt; &amp; &quot;friends&quot;, it&#39;s here."))
            #expect(!parsed.parts[1].contains("<Jane>"))
        }

        @Test("the maildir transport reports a folder it cannot write, and the message waits for a retry")
        func unwritableMaildir() async throws {
            let (database, _) = try await Self.store()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-folder-\(UUID().uuidString)")
            try Data("x".utf8).write(to: file)
            let worker = try await Self.worker(database, MaildirTransport(directory: file), clock: MovableClock(Self.start))
            try await worker.deliverDue()
            let item = try #require(try await database.notifications(state: nil, before: nil, limit: 1).items.first)
            #expect(item.state == .queued)
            #expect(item.lastError?.contains("cannot create the mail folder") == true)
        }

        @Test("the sendmail transport pipes the message to the command and reads its exit status")
        func sendmail() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sendmail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let received = folder.appendingPathComponent("received.eml")
            let good = folder.appendingPathComponent("good.sh")
            try "#!/bin/sh\ncat > '\(received.path)'\necho \"$@\" > '\(received.path).args'\n".write(to: good, atomically: true, encoding: .utf8)
            let bad = folder.appendingPathComponent("bad.sh")
            try "#!/bin/sh\ncat > /dev/null\necho 'recipient refused' >&2\nexit 3\n".write(to: bad, atomically: true, encoding: .utf8)
            for script in [good, bad] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            }
            let email = Email(
                messageID: "m1@test", from: "Shop <shop@example.com>", to: "jane@example.com", subject: "Hi",
                date: Self.start, orderNumber: 1001, text: "Body", html: "<p>Body</p>")

            try await SendmailTransport(command: [good.path, "-t", "-i"]).send(email)
            #expect(try String(contentsOf: received, encoding: .utf8) == email.rfc5322())
            #expect(try String(contentsOf: URL(fileURLWithPath: received.path + ".args"), encoding: .utf8) == "-t -i\n")

            await #expect(throws: MailTransportError("\(bad.path) exited with status 3: recipient refused")) {
                try await SendmailTransport(command: [bad.path]).send(email)
            }
            await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: ["/nonexistent/sendmail"]).send(email)
            }
        }

        @Test("a failed message can be queued again, and nothing else can")
        func resend() async throws {
            let (database, _) = try await Self.store()
            let clock = MovableClock(Self.start)
            let worker = DeliveryWorker(
                database: database, instance: Self.instance, composer: try await Self.composer(),
                transport: RecordingTransport(failures: 1),
                policy: RetryPolicy(maximumAttempts: 1), clock: clock.appClock, logger: OperationsFixtures.logger)
            try await worker.deliverDue()
            #expect(try await database.notification(id: 1)?.summary.state == .failed)
            let resend = IdempotencyClaim(key: "resend-0001", staffID: 1, fingerprint: "resend|1")
            #expect(try await database.resendMessage(id: 1, idempotency: resend, flash: "queued", now: clock.now) == .queued)
            try await worker.deliverDue()
            #expect(try await database.notification(id: 1)?.summary.state == .sent)
            let another = IdempotencyClaim(key: "resend-0002", staffID: 1, fingerprint: "resend|1")
            #expect(try await database.resendMessage(id: 1, idempotency: another, flash: "queued", now: clock.now) == .notFailed)
        }

        @Test("headers that are not ASCII are encoded, and line breaks never reach a header")
        func headers() {
            #expect(Email.headerValue("Plain") == "Plain")
            #expect(Email.headerValue("Café <a@b.c>") == "=?UTF-8?B?Q2Fmw6k=?= <a@b.c>")
            #expect(Email.headerValue("Hi\r\nBcc: x@y.z") == "Hi  Bcc: x@y.z")
        }
    }
}

/// Just enough of an RFC 5322 / MIME reader to check what Deskflow writes.
struct ParsedEmail {
    var headers: [String: String] = [:]
    var parts: [String] = []

    init(_ raw: String) {
        let sections = raw.components(separatedBy: "\r\n\r\n")
        for line in sections[0].components(separatedBy: "\r\n") {
            if let colon = line.firstIndex(of: ":") {
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        guard let contentType = headers["Content-Type"], let range = contentType.range(of: "boundary=\"") else { return }
        let boundary = String(contentType[range.upperBound...].dropLast())
        let body = sections.dropFirst().joined(separator: "\r\n\r\n")
        for chunk in body.components(separatedBy: "--\(boundary)").dropFirst() where !chunk.hasPrefix("--") {
            let pieces = chunk.components(separatedBy: "\r\n\r\n")
            guard pieces.count >= 2 else { continue }
            let encoded = pieces[1].replacingOccurrences(of: "\r\n", with: "")
            if let data = Data(base64Encoded: encoded) { parts.append(String(decoding: data, as: UTF8.self)) }
        }
    }
}

/// Runs `meanwhile` inside its one send, as though the send took so long that other things happened first.
final class TakeOverTransport: MailTransport {
    let isIdempotent = true
    private let meanwhile: @Sendable () async throws -> Void
    private let count = Mutex(0)

    init(meanwhile: @escaping @Sendable () async throws -> Void) { self.meanwhile = meanwhile }

    var sends: Int { count.withLock { $0 } }

    func send(_ email: Email) async throws {
        count.withLock { $0 += 1 }
        try await meanwhile()
    }
}

/// Sends, then makes the database read-only, once: the message went out but its delivery cannot be recorded.
final class DatabaseBreakingTransport: MailTransport {
    let database: any DeskflowDatabase
    let isIdempotent: Bool
    private let state = Mutex<(sent: [Email], broken: Bool)>(([], false))

    init(database: any DeskflowDatabase, idempotent: Bool) {
        self.database = database
        isIdempotent = idempotent
    }

    var sent: [Email] { state.withLock { $0.sent } }

    func send(_ email: Email) async throws {
        let breakNow = state.withLock { state in
            state.sent.append(email)
            defer { state.broken = true }
            return !state.broken
        }
        if breakNow { try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 1") } }
    }
}
