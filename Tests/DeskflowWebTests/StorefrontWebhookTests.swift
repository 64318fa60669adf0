import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import DeskflowProviders
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

/// The storefront hears about its orders: each manager action queues its events with the change, the delivery worker
/// posts them signed, a failing endpoint is retried and then shown as failed, and a failed one can be resent.
@Suite("Storefront webhooks")
struct StorefrontWebhookTests {
    static let secret = "whsec_test_deskflow"

    /// The test app with webhooks to `receiver`, through the real HTTP sender, inside `body`.
    static func withWebhooks(
        _ app: TestApp, receiver: WebhookReceiver, timeout: Duration = .seconds(5), _ body: (TestApp) async throws -> Void
    ) async throws {
        let url = try await receiver.start()
        try await HTTPWebhookSender.withSender(secret: secret, clock: app.configuration.clock, timeout: timeout) { sender in
            try await body(app.configured { $0.webhooks = WebhookSetting(endpoint: url.absoluteString, sender: sender) })
        }
        await receiver.stop()
    }

    @Test("a cancel with a refund queues order.cancelled and order.refunded with the change, delivered signed")
    func cancelWithRefund() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                let cancelled = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form())
                #expect(cancelled.status == .seeOther)
                let rows = try await Self.webhookRows(app.database)
                #expect(rows.map(\.subject) == ["order.cancelled", "order.refunded"])
                #expect(rows.allSatisfy { $0.recipient.hasSuffix("/events") && $0.state == .queued })

                try await app.deliveryWorker().deliverDue()
                #expect(receiver.deliveries.map(\.type) == ["order.cancelled", "order.refunded"])
                #expect(receiver.deliveries.allSatisfy { $0.signatureIsValid })
                #expect(receiver.deliveries.map(\.body) == rows.map(\.body))
                let refunded = try #require(
                    try JSONSerialization.jsonObject(with: Data(receiver.deliveries[1].body.utf8)) as? [String: Any])
                let order = try #require((refunded["data"] as? [String: Any])?["order"] as? [String: Any])
                #expect(order["number"] as? Int == number)
                #expect(order["status"] as? String == "cancelled")
                #expect(order["refunded_minor"] as? Int == 1000)
                #expect(refunded["id"] as? String == receiver.deliveries[1].id)
                #expect(try await Self.webhookRows(app.database).allSatisfy { $0.state == .sent })

                let list = try await client.get("/notifications", cookie: cookie)
                #expect(list.html.contains("data-kind=\"webhook\" data-state=\"sent\""))
            }
        }
    }

    @Test("fulfilling queues order.fulfilled; a charge that fails again queues order.payment_failed; nothing without an endpoint")
    func otherEvents() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                let fulfilled = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: number, path: "/fulfill", fields: ["tracking_number": "1Z999"])
                #expect(fulfilled.status == .seeOther)
                #expect(try await Self.webhookRows(app.database).map(\.subject) == ["order.fulfilled"])

                let declined = try await FailedOrdersTests.first(app.database, .paymentFailed, code: "card_declined")
                let retried = try await FailedOrdersTests.post(client, cookie: cookie, number: declined, path: "/payment/retry")
                #expect(retried.status == .seeOther)
                #expect(try await Self.webhookRows(app.database).map(\.subject) == ["order.fulfilled", "order.payment_failed"])
            }
        }
        let quiet = try await TestApp.make()
        try await quiet.run { client in
            let cookie = try await client.signIn()
            let number = try await CancelOrderTests.paidProcessing(quiet.database)
            _ = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form())
        }
        #expect(try await Self.webhookRows(quiet.database).isEmpty)
    }

    @Test("a write that cannot queue its event writes nothing: the event and the change are one transaction")
    func sameTransaction() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        try await app.database.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_webhooks BEFORE INSERT ON outbox WHEN NEW.kind = 'webhook'
                BEGIN SELECT RAISE(ABORT, 'no room for the event'); END
                """)
        }
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                let before = try await app.database.orderDetail(number: number)
                let refused = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form())
                #expect(refused.status == .internalServerError)
                #expect(try await app.database.orderDetail(number: number) == before)
                let outbox = try await app.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
                #expect(outbox == 0)
            }
        }
    }

    enum EndpointFailure: String, CaseIterable, CustomTestStringConvertible {
        case serverError, down, slow
        var testDescription: String { rawValue }
    }

    @Test(
        "an endpoint that fails, is down or is slow is retried with backoff under one id, then shown failed, and can be resent",
        arguments: EndpointFailure.allCases)
    func failingEndpoint(failure: EndpointFailure) async throws {
        let clock = MovableClock(testNow)
        let app = try await TestApp.make(clock: clock.appClock)
        let receiver = WebhookReceiver(secret: Self.secret)
        let policy = RetryPolicy(maximumAttempts: 3, baseDelay: 60, maximumDelay: 600)
        let logs = LogCapture()
        try await Self.withWebhooks(app, receiver: receiver, timeout: .seconds(1)) { app in
            try await app.run(logs: logs) { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                _ = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form(["issue_refund": nil]))
                let endpoint = try #require(try await Self.webhookRows(app.database).first?.recipient)
                switch failure {
                case .serverError: receiver.answer = .status(500)
                case .down: await receiver.stop()
                case .slow: receiver.answer = .hold
                }
                let worker = DeliveryWorker(
                    database: app.database, instance: app.configuration.instance,
                    composer: try await EmailComposer(
                        templatesDirectory: app.configuration.templatesDirectory, identity: app.configuration.mailIdentity),
                    transport: app.configuration.mailTransport(), webhooks: app.configuration.webhooks?.sender, policy: policy,
                    clock: app.configuration.clock, logger: logs.logger)
                _ = try await worker.deliverDue()  // the cancellation email goes, the event fails its first attempt
                var waits: [TimeInterval] = []
                for attempt in 1...3 {
                    let row = try #require(try await Self.webhookRows(app.database).first)
                    #expect(row.attempts == attempt)
                    switch failure {
                    case .serverError: #expect(row.lastError == "The endpoint answered 500: storefront unavailable.")
                    case .down: #expect(row.lastError?.hasPrefix("The endpoint could not be reached") == true)
                    case .slow: #expect(row.lastError == "The endpoint did not answer within 1 s.")
                    }
                    #expect(row.state == (attempt < 3 ? .queued : .failed))
                    guard attempt < 3, let next = row.nextAttemptAt else { break }
                    waits.append(next.timeIntervalSince(clock.appClock.now))
                    // Nothing is due until the backoff has passed.
                    #expect(try await worker.deliverDue() == 0)
                    clock.advance(by: next.timeIntervalSince(clock.appClock.now))
                    #expect(try await worker.deliverDue() == 1)
                }
                #expect(waits == [60, 120])
                if failure != .down {
                    #expect(receiver.deliveries.count == 3)
                    #expect(Set(receiver.deliveries.map(\.id)).count == 1)
                    #expect(receiver.deliveries.allSatisfy { $0.signatureIsValid })
                }

                let id = try #require(try await Self.webhookRows(app.database).first?.id)
                // Time has passed on the clock: the first session may have ended.
                let freshCookie = try await client.signIn()
                let page = try await client.get("/notifications/\(id)", cookie: freshCookie)
                #expect(page.html.contains("Resend"))
                #expect(!page.html.contains(Self.secret))
                if failure == .serverError {
                    // The receiver's port and the event's id change from run to run.
                    let html = page.html.replacingOccurrences(of: endpoint, with: "http://127.0.0.1:PORT/events")
                        .replacing(/evt_[0-9a-f]{32}/, with: "evt_ID")
                    assertSnapshot(of: html, as: .html, named: "failed webhook")
                    let list = try await client.get("/notifications?state=failed", cookie: freshCookie)
                    #expect(list.html.contains("data-kind=\"webhook\" data-state=\"failed\""))
                    assertSnapshot(
                        of: list.html.replacingOccurrences(of: endpoint, with: "http://127.0.0.1:PORT/events"), as: .html,
                        named: "failed webhook listed")
                }

                if failure == .down { try await receiver.start() }
                receiver.answer = .ok
                let resend = try await client.post(
                    "/notifications/\(id)/resend", cookie: freshCookie, form: ["csrf_token": "fixed-token", "idempotency_key": "resend-webhook"])
                #expect(resend.status == .seeOther)
                if failure != .down {
                    #expect(try await worker.deliverDue() == 1)
                    #expect(try await Self.webhookRows(app.database).first?.state == .sent)
                    #expect(receiver.deliveries.count == 4)
                    #expect(Set(receiver.deliveries.map(\.id)).count == 1)
                }
            }
        }
        #expect(logs.count > 0)
        #expect(!logs.text.contains(Self.secret))
    }

    @Test("a webhook interrupted between sending and recording goes again (at least once); the storefront drops the repeat by id")
    func interruptedIsResent() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                _ = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form(["issue_refund": nil]))
            }
            // A claim whose outcome was never recorded, its lease run out: the process stopped after sending.
            let expired = testNow.addingTimeInterval(-DeliveryWorker.claimLease - 1)
            try await app.database.pool.write { db in
                try db.execute(sql: "UPDATE outbox SET state = 'sending', attempts = 1, claimed_at = ? WHERE kind = 'webhook'", arguments: [expired])
            }
            let worker = try await app.deliveryWorker()
            try await worker.recover()
            let row = try #require(try await Self.webhookRows(app.database).first)
            #expect(row.state == .queued)
            try await worker.deliverDue()
            #expect(try await Self.webhookRows(app.database).first?.state == .sent)
            #expect(receiver.deliveries.map(\.type) == ["order.cancelled"])
        }
    }

    @Test("on a server without --webhook-url queued events wait, unattempted, for one that has it")
    func noSender() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                _ = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form(["issue_refund": nil]))
            }
            let restarted = app.configured { $0.webhooks = nil }
            try await restarted.deliveryWorker(policy: RetryPolicy(maximumAttempts: 1)).deliverDue()
            let waiting = try #require(try await Self.webhookRows(app.database).first)
            #expect(waiting.state == .queued)
            #expect(waiting.attempts == 0)

            try await app.deliveryWorker().deliverDue()
            #expect(try await Self.webhookRows(app.database).first?.state == .sent)
            #expect(receiver.deliveries.map(\.type) == ["order.cancelled"])
        }
    }

    @Test("an order a storefront placed with a failed payment queues order.payment_failed; a paid one queues nothing")
    func placedOrders() async throws {
        let app = try await TestApp.make()
        let receiver = WebhookReceiver(secret: Self.secret)
        let token = try await StorefrontAPITests.token(app)
        try await Self.withWebhooks(app, receiver: receiver) { app in
            try await app.run { client in
                let failed = StorefrontAPITests.body { body in
                    body["payment"] = ["provider": "simulated", "status": "failed", "amount_minor": 4388, "failure_message": "Declined."]
                }
                for body in [StorefrontAPITests.body(), failed] {
                    let placed = try await client.execute(
                        uri: "/api/v1/orders", method: .post, headers: StorefrontAPITests.headers(token: token), body: body) { $0 }
                    #expect(placed.status == .created)
                }
            }
            let rows = try await Self.webhookRows(app.database)
            #expect(rows.map(\.subject) == ["order.payment_failed"])
            let first = try #require(rows.first)
            let event = try #require(try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: Any])
            #expect(((event["data"] as? [String: Any])?["order"] as? [String: Any])?["payment_status"] as? String == "failed")
        }
    }
}
