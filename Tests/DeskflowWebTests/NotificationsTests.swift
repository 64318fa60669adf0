import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Notifications")
struct NotificationsTests {
    /// Cancels an order with notify ticked through the web, then delivers the outbox into the test's mail folder.
    static func cancelAndDeliver(_ app: TestApp, _ client: any TestClientProtocol, cookie: String, policy: RetryPolicy? = nil) async throws -> Int {
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let response = try await client.post(
            "/orders/\(number)/cancel", cookie: cookie,
            form: CancelOrderTests.form(["note": "Customer called, <b>twice</b>"]))
        #expect(response.status == .seeOther)
        try await app.deliveryWorker(policy: policy).deliverDue()
        return number
    }

    @Test("a cancellation with notify ticked becomes a real email, listed as sent")
    func cancellationEmail() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let number = try await Self.cancelAndDeliver(app, client, cookie: cookie)
            let files = try FileManager.default.contentsOfDirectory(atPath: app.mailFolder.path).filter { $0.hasSuffix(".eml") }
            #expect(files.count == 1)
            let raw = try String(contentsOf: app.mailFolder.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(raw.contains("Subject: Your order #\(number) has been cancelled"))

            let list = try await client.get("/notifications", cookie: cookie)
            #expect(list.html.contains("data-order=\"\(number)\" data-kind=\"order_cancelled\" data-state=\"sent\""))
            assertSnapshot(of: list.html, as: .html, named: "list")
            let message = try await client.get("/notifications/1", cookie: cookie)
            #expect(message.status == .ok)
            #expect(!message.html.contains("<b>twice</b>"))
            assertSnapshot(of: message.html, as: .html, named: "message")
        }
    }

    @Test("a failed message says why and can be resent; a sent one cannot")
    func failedAndResend() async throws {
        let app = try await TestApp.make(mailFolderIsBroken: true)
        try await app.run { client in
            let cookie = try await client.signIn()
            _ = try await Self.cancelAndDeliver(app, client, cookie: cookie, policy: RetryPolicy(maximumAttempts: 1))
            let failed = try await client.get("/notifications?state=failed", cookie: cookie)
            #expect(failed.html.contains("cannot create the mail folder"))
            let page = try await client.get("/notifications/1", cookie: cookie)
            #expect(page.html.contains(">Resend</button>"))
            let resend = try await client.post(
                "/notifications/1/resend", cookie: cookie, form: ["csrf_token": "fixed-token", "idempotency_key": "resend-1"])
            #expect(resend.status == .seeOther)
            await #expect(try await app.database.notification(id: 1)?.summary.state == .queued)
            let again = try await client.post(
                "/notifications/1/resend", cookie: cookie, form: ["csrf_token": "fixed-token", "idempotency_key": "resend-2"])
            #expect(again.status == .conflict)
        }
    }

    @Test("unknown messages are 404, unknown states 400")
    func badInput() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/notifications/999", cookie: cookie).status == .notFound)
            #expect(try await client.get("/notifications/abc", cookie: cookie).status == .notFound)
            #expect(try await client.get("/notifications?state=lost", cookie: cookie).status == .badRequest)
            #expect(try await client.get("/notifications?before=x", cookie: cookie).status == .badRequest)
            let empty = try await client.get("/notifications", cookie: cookie)
            #expect(empty.html.contains("No messages here"))
        }
    }
}
