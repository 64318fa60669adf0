import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Contact support")
struct SupportRequestTests {
    /// The demo store served with `--support-email support@example.com` (as every test app is), or without one.
    static func app(configured: Bool = true) async throws -> TestApp {
        let app = try await TestApp.make()
        return configured ? app : app.configured { $0.supportAddress = nil }
    }

    static func processingError(_ app: TestApp) async throws -> Int {
        try await FailedOrdersTests.first(app.database, .processingError, code: "missing_postal_code")
    }

    static func supportRows(_ database: any DeskflowDatabase) async throws -> [NotificationSummary] {
        try await database.notifications(state: nil, before: nil, limit: 500).items.filter { $0.kind == SupportRequest.kind }
    }

    @Test("a processing error offers Contact support in the menu and the banner; the form opens prefilled")
    func dialog() async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            let link = "<a href=\"/orders/\(number)/support\" class=\"menu-item\">Contact support</a>"
            #expect(page.components(separatedBy: link).count == 3, "in the menu and in the banner")

            let response = try await client.get("/orders/\(number)/support", cookie: cookie)
            #expect(response.status == .ok)
            let html = response.html
            #expect(html.contains("role=\"dialog\" aria-modal=\"true\""))
            #expect(html.contains("value=\"Order \(number): processing error missing_postal_code\""))
            #expect(html.contains("Order: #\(number) (/orders/\(number))"))
            #expect(html.contains("Attempt history, oldest first:"))
            #expect(html.contains("action=\"/orders/\(number)/support\""))
            assertSnapshot(of: html, as: .html, named: "open")
        }
    }

    @Test("a fulfillment failure offers it too; a payment failure and a healthy order say why not")
    func whichFailures() async throws {
        let app = try await Self.app()
        let fulfillment = try await FailedOrdersTests.first(app.database, .fulfillmentFailed)
        let payment = try await FailedOrdersTests.first(app.database, .paymentFailed)
        try await app.run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/orders/\(fulfillment)/support", cookie: cookie).status == .ok)
            let refused = try await client.get("/orders/\(payment)/support", cookie: cookie)
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("Only a processing error or a failed fulfillment is handed to support."))
            let page = try await client.get("/orders/\(payment)", cookie: cookie).html
            #expect(page.contains("Contact support <small class=\"menu-reason\">Only a processing error or a failed fulfillment is handed to support.</small>"))
        }
    }

    @Test("sending queues the request, puts it on the timeline and on the notifications page, and says where it went")
    func send() async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let form = try await client.get("/orders/\(number)/support", cookie: cookie).html
            let body = try #require(form.firstMatch(of: /<textarea id="body"[^>]*>([^<]*)<\/textarea>/)).1
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/support",
                fields: ["subject": "Order \(number): processing error missing_postal_code", "body": Self.unescaped(String(body))],
                key: "support-key-1")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/orders/\(number)")

            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(page.contains("<div class=\"flash\" role=\"status\">Sent to support@example.com. The request is on the order&#39;s timeline.</div>"))
            #expect(page.contains("<li data-event=\"support_requested\">"))

            let rows = try await Self.supportRows(app.database)
            #expect(rows.count == 1)
            let id = try #require(rows.first).id
            let queued = try await client.get("/notifications", cookie: cookie).html
            #expect(queued.contains("<tr data-notification=\"\(id)\" data-order=\"\(number)\" data-kind=\"support_request\" data-state=\"queued\">"))

            try await app.deliveryWorker().deliverDue()
            let sent = try await client.get("/notifications", cookie: cookie).html
            #expect(sent.contains("<tr data-notification=\"\(id)\" data-order=\"\(number)\" data-kind=\"support_request\" data-state=\"sent\">"))
            #expect(sent.contains("Support request"))
            let detail = try await client.get("/notifications/\(id)", cookie: cookie)
            #expect(detail.status == .ok)
            #expect(detail.html.contains("<div><dt>To</dt><dd>support@example.com</dd></div>"))
            #expect(detail.html.contains("<div><dt>Reply-To</dt><dd>manager@example.com</dd></div>"))
            #expect(detail.html.contains("Attempt history, oldest first:"))
            assertSnapshot(of: detail.html, as: .html, named: "notification")

            let files = try FileManager.default.contentsOfDirectory(atPath: app.mailFolder.path).filter { $0.hasPrefix("outbox-\(id).") }
            let raw = try String(contentsOf: app.mailFolder.appendingPathComponent(try #require(files.first)), encoding: .utf8)
            #expect(raw.contains("\r\nTo: support@example.com\r\n"))
            #expect(raw.contains("\r\nReply-To: manager@example.com\r\n"))
        }
    }

    @Test("the same form sent twice sends one request and answers the same")
    func replay() async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            let version = try #require(page.firstMatch(of: /data-version="(\d+)"/)).1
            let form = [
                "csrf_token": "fixed-token", "version": String(version), "idempotency_key": "support-twice",
                "subject": "Order help", "body": "Diagnostics",
            ]
            let first = try await client.post("/orders/\(number)/support", cookie: cookie, form: form)
            let firstFlash = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            let second = try await client.post("/orders/\(number)/support", cookie: cookie, form: form)
            let secondFlash = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            #expect(first.status == .seeOther)
            #expect(second.status == .seeOther)
            #expect(secondFlash == firstFlash)
            #expect(firstFlash.hasPrefix("Sent to support@example.com."))
        }
        #expect(try await Self.supportRows(app.database).count == 1)
    }

    @Test(
        "an empty or over-long subject or body comes back with its errors and the values typed, and nothing is sent",
        arguments: [
            ("empty", "", ""),
            ("too-long", String(repeating: "s", count: 201), "Diagnostics kept <as typed>"),
        ])
    func invalid(name: String, subject: String, body: String) async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/support", fields: ["subject": subject, "body": body],
                key: "support-invalid-1")
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains("<p class=\"error\" id=\"subject-error\">"))
            #expect(response.html.contains("aria-describedby=\"subject-error\""))
            #expect(response.html.contains("id=\"subject\" name=\"subject\" value=\"\(SecurityFixtures.escaped(subject))\""))
            #expect(response.html.contains("name=\"body\"") && response.html.contains(">\(SecurityFixtures.escaped(body))</textarea>"))
            assertSnapshot(of: response.html, as: .html, named: name)
        }
        #expect(try await app.database.orderDetail(number: number) == before)
        #expect(try await Self.supportRows(app.database).isEmpty)
    }

    @Test("a form filled in on an older version gets 409 with the fresh order and the dialog, typed values kept")
    func stale() async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            let versionText = try #require(page.firstMatch(of: /data-version="(\d+)"/)).1
            let version = try #require(Int(versionText))
            // someone else writes to the customer meanwhile
            #expect(try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/messages", fields: ["subject": "Address", "body": "Please check."]
            ).status == .seeOther)
            _ = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            let response = try await client.post(
                "/orders/\(number)/support", cookie: cookie,
                form: [
                    "csrf_token": "fixed-token", "version": String(version), "idempotency_key": "support-stale",
                    "subject": "Order help, typed", "body": "My own words",
                ])
            #expect(response.status == .conflict)
            #expect(response.html.contains("data-version=\"\(version + 1)\""))
            #expect(response.html.contains("value=\"Order help, typed\""))
            #expect(response.html.contains(">My own words</textarea>"))
            #expect(response.html.contains("Order #\(number) changed since you opened this form"))
            assertSnapshot(of: response.html, as: .html, named: "stale")
        }
        #expect(try await Self.supportRows(app.database).isEmpty)
    }

    @Test("without --support-email the action is shown disabled in the menu and banner, saying how to set one")
    func disabled() async throws {
        let app = try await Self.app(configured: false)
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            let disabled = "<span class=\"menu-item menu-item-disabled\" aria-disabled=\"true\">Contact support <small class=\"menu-reason\">"
                + "Start Deskflow with --support-email ADDRESS to send requests to your support team.</small></span>"
            #expect(page.html.components(separatedBy: disabled).count == 3, "in the menu and in the banner")
            #expect(!page.html.contains("/orders/\(number)/support"))
            assertSnapshot(of: page.html, as: .html, named: "disabled")

            let form = try await client.get("/orders/\(number)/support", cookie: cookie)
            #expect(form.status == .conflict)
            #expect(form.html.contains("Start Deskflow with --support-email ADDRESS"))
            assertSnapshot(of: form.html, as: .html, named: "form-without-address")
        }
    }

    @Test("without --support-email a request is refused with 409 saying how to set one, and nothing changes")
    func notConfigured() async throws {
        let app = try await Self.app(configured: false)
        let number = try await Self.processingError(app)
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/support", fields: ["subject": "Help", "body": "Please."],
                key: "support-unset-1")
            #expect(response.status == .conflict)
            #expect(response.html.contains("Start Deskflow with --support-email ADDRESS to send requests to your support team."))
            assertSnapshot(of: response.html, as: .html, named: "post-without-address")
        }
        #expect(try await app.database.orderDetail(number: number) == before)
        #expect(try await Self.supportRows(app.database).isEmpty)
    }

    @Test("a viewer cannot send a request")
    func viewer() async throws {
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/support", fields: ["subject": "Help", "body": "Please."],
                key: "support-viewer-1")
            #expect(response.status == .forbidden)
        }
        #expect(try await app.database.orderDetail(number: number) == before)
        #expect(try await Self.supportRows(app.database).isEmpty)
    }

    @Test("markup typed into the address or the request is escaped in the form, the timeline, the notifications and the email")
    func escaped() async throws {
        typealias M = MarkupEscapingSecurityTests
        let app = try await Self.app()
        let number = try await Self.processingError(app)
        try await app.run { client in
            let cookie = try await client.signIn()
            let address = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/address",
                fields: [
                    "name": M.payload, "line1": M.payload, "line2": "", "city": "Boise", "region": "ID", "postal_code": "83702",
                    "country": "US",
                ])
            #expect(address.status == .seeOther)
            try await M.check(client, cookie: cookie, [("/orders/\(number)/support", true)])

            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/support",
                fields: ["subject": M.payload, "body": "Look:\n\n\(M.payload)"])
            #expect(response.status == .seeOther)
            let id = try #require(try await Self.supportRows(app.database).first).id
            try await M.check(
                client, cookie: cookie, [("/orders/\(number)", true), ("/notifications", true), ("/notifications/\(id)", true)])
            try await M.expectEmail(app)
        }
    }

    /// A textarea's text as the browser submits it.
    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
