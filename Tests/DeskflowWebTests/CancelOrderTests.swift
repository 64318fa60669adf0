import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Cancelling an order")
struct CancelOrderTests {
    static func order(_ database: any DeskflowDatabase, _ filter: OrderFilter, where keep: (OrderSummary) -> Bool = { _ in true }) async throws -> Int {
        try await OrderDetailTests.firstOrder(database, filter, where: keep)
    }

    static func paidProcessing(_ database: any DeskflowDatabase) async throws -> Int {
        try await order(database, .status(.processing)) { $0.issue == nil && $0.paymentStatus == .paid }
    }

    /// A filled-in cancel form for order `number` at `version`.
    static func form(_ overrides: [String: String?] = [:], version: Int = 1) -> [String: String] {
        var fields: [String: String] = [
            "csrf_token": "fixed-token", "version": String(version), "idempotency_key": "fixed-token",
            "issue_refund": "1", "refund_amount": "10.00", "restock": "1", "notify_customer": "1", "reason": "customer",
            "note": "",
        ]
        for (name, value) in overrides { fields[name] = value }
        return fields
    }

    @Test(
        "the dialog in each money situation",
        arguments: [
            ("paid", OrderFilter.status(.processing), PaymentStatus.paid),
            ("authorized-only", .status(.processing), .authorized),
            ("awaiting-payment", .status(.pending), .pending),
            ("payment-failed", .issue(.paymentFailed), .failed),
            ("partially-refunded", .status(.processing), .partiallyRefunded),
        ])
    func dialog(name: String, filter: OrderFilter, payment: PaymentStatus) async throws {
        let app = try await TestApp.make()
        let number = try await Self.order(app.database, filter) { $0.paymentStatus == payment && ($0.issue == nil || filter != .status(.processing)) }
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders/\(number)/cancel", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("role=\"dialog\" aria-modal=\"true\""))
            #expect(response.html.contains("<a href=\"/orders/\(number)\" class=\"button\">Keep order</a>"))
            assertSnapshot(of: response.html, as: .html, named: name)
        }
    }

    @Test(
        "bad input gets the dialog again with the values kept, and nothing changes",
        arguments: [
            ("amount-empty", ["refund_amount": ""]), ("amount-letters", ["refund_amount": "abc"]),
            ("amount-negative", ["refund_amount": "-5"]), ("amount-exponent", ["refund_amount": "1e3"]),
            ("amount-decimals", ["refund_amount": "12.345"]), ("amount-over", ["refund_amount": "99999"]),
            ("amount-zero", ["refund_amount": "0"]), ("reason-missing", ["reason": nil]),
            ("reason-unknown", ["reason": "bored"]), ("note-too-long", ["note": String(repeating: "n", count: 501)]),
        ] as [(String, [String: String?])])
    func invalid(name: String, overrides: [String: String?]) async throws {
        let app = try await TestApp.make()
        let number = try await Self.paidProcessing(app.database)
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form(overrides))
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains("class=\"error-summary\""))
            #expect(response.html.contains("aria-invalid=\"true\""))
            if let typed = overrides["refund_amount"] ?? nil, !typed.isEmpty {
                #expect(response.html.contains("value=\"\(typed)\""))
            }
            assertSnapshot(of: response.html, as: .html, named: name)
        }
        await #expect(try await app.database.orderDetail(number: number) == before)
    }

    @Test("a partial refund cancels the order, refunds, restocks, notifies and says so", arguments: TestEngine.available)
    func partialRefund(engine: TestEngine) async throws {
        try await engine.withApp { app in
            let number = try await Self.paidProcessing(app.database)
            try await app.run { client in
                let cookie = try await client.signIn()
                let response = try await client.post(
                    "/orders/\(number)/cancel", cookie: cookie, form: Self.form(["note": "<script>alert('x')</script> & co"]))
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/orders/\(number)")
                let page = try await client.get("/orders/\(number)", cookie: cookie)
                #expect(page.html.contains("<div class=\"flash\" role=\"status\">Order #\(number) cancelled. Refunded $10.00 to "))
                #expect(page.html.contains("Customer notified.</div>"))
                #expect(page.html.contains("data-status=\"cancelled\" data-payment-status=\"partially_refunded\""))
                #expect(page.html.contains("<li data-event=\"order_cancelled\">"))
                #expect(page.html.contains("<li data-event=\"refund_succeeded\">"))
                #expect(!page.html.contains("<script>"))
                #expect(page.html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
                // one committed page for both engines
                assertSnapshot(of: page.html, as: .html, named: "1", testName: "partialRefund")
                let again = try await client.get("/orders/\(number)", cookie: cookie)
                #expect(!again.html.contains("class=\"flash\""))
                #expect(try await client.get("/orders?status=cancelled", cookie: cookie).html.contains("<tr data-order=\"\(number)\" data-status=\"cancelled\""))
            }
            let detail = try await #require(try await app.database.orderDetail(number: number))
            #expect(detail.order.payment.refunded.minorUnits == 1000)
            #expect(detail.order.cancellation?.note == "<script>alert('x')</script> & co")
        }
    }

    @Test("the same submission twice cancels and refunds once, and the second gets the first result")
    func sameKeyTwice() async throws {
        let app = try await TestApp.make()
        let number = try await Self.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let first = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form())
            let firstFlash = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            let second = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form())
            let secondFlash = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            #expect(first.status == .seeOther)
            #expect(second.status == .seeOther)
            #expect(second.headers[.location] == first.headers[.location])
            // the replay tells what the first request did, refund included, not the provisional "being processed"
            #expect(firstFlash.hasPrefix("Order #\(number) cancelled. Refunded "))
            #expect(secondFlash == firstFlash)
            let changed = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form(["refund_amount": "11.00"]))
            #expect(changed.status == .unprocessableContent)
        }
        let detail = try await #require(try await app.database.orderDetail(number: number))
        #expect(detail.refunds.count == 1)
        #expect(detail.events.filter { $0.kind == .orderCancelled }.count == 1)
    }

    @Test("a stale version shows the fresh order and the dialog again with a 409")
    func stale() async throws {
        let app = try await TestApp.make()
        let number = try await Self.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form(version: 0))
            #expect(response.status == .conflict)
            #expect(response.html.contains("Someone changed this order"))
            #expect(response.html.contains("role=\"dialog\""))
            assertSnapshot(of: response.html, as: .html)
        }
        await #expect(try await app.database.orderDetail(number: number)?.order.status == .processing)
    }

    @Test("a crafted cancel of a fulfilled or cancelled order is a 409 that says why", arguments: [OrderStatus.fulfilled, .cancelled])
    func refused(status: OrderStatus) async throws {
        let app = try await TestApp.make()
        let number = try await Self.order(app.database, .status(status)) { $0.issue == nil }
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form())
            #expect(response.status == .conflict)
            let dialog = try await client.get("/orders/\(number)/cancel", cookie: cookie)
            #expect(dialog.status == .conflict)
            if status == .fulfilled {
                #expect(response.html.contains("has been fulfilled, so it can no longer be cancelled"))
                assertSnapshot(of: response, as: .response)
            } else {
                #expect(response.html.contains("is already cancelled"))
            }
        }
        await #expect(try await app.database.orderDetail(number: number) == before)
    }

    @Test("the menu links to the dialog, and says why when cancelling is not possible")
    func menu() async throws {
        let app = try await TestApp.make()
        let open = try await Self.paidProcessing(app.database)
        let fulfilled = try await Self.order(app.database, .status(.fulfilled))
        try await app.run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get("/orders/\(open)", cookie: cookie).html
                .contains("<a href=\"/orders/\(open)/cancel\" class=\"menu-item menu-item-danger\">Cancel order</a>"))
            #expect(try await client.get("/orders/\(fulfilled)", cookie: cookie).html
                .contains("Cancel order <small class=\"menu-reason\">Order #\(fulfilled) has been fulfilled, so it can no longer be cancelled.</small>"))
        }
    }

    @Test("a refund the issuer declines leaves the order cancelled with Retry refund, which reuses the key")
    func refundFailureAndRetry() async throws {
        let app = try await TestApp.make()
        let number = try await Self.order(app.database, .issue(.refundFailed)) { $0.status == .cancelled }
        let before = try #require(try await app.database.orderDetail(number: number))
        let gatewayBefore = try await Self.refundedAtGateway(app.database, number)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            let action = try #require(page.html.firstMatch(of: /<form method="post" action="(\/orders\/\d+\/refunds\/\d+\/retry)">/)).1
            let version = try #require(page.html.firstMatch(of: /data-version="(\d+)"/)).1
            let response = try await client.post(
                String(action), cookie: cookie,
                form: ["csrf_token": "fixed-token", "version": String(version), "idempotency_key": "retry-key-1"])
            #expect(response.status == .seeOther)
            let after = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(after.html.contains("failed again: The issuer declined the refund: the card account is closed."))
            #expect(after.html.contains("data-issue=\"refund_failed\""))
        }
        let detail = try await #require(try await app.database.orderDetail(number: number))
        #expect(detail.order.issue?.attempts == 2)
        // a declined retry moves no money: no refund succeeded that had not before, here or at the gateway
        #expect(
            detail.refunds.filter { $0.state == .succeeded }.map(\.id) == before.refunds.filter { $0.state == .succeeded }.map(\.id))
        #expect(detail.order.payment.refunded == before.order.payment.refunded)
        #expect(try await Self.refundedAtGateway(app.database, number) == gatewayBefore, "the gateway refunded money on a declined retry")
    }

    /// Money the simulated provider has refunded for an order.
    static func refundedAtGateway(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
        try await database.count(
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM gateway_transactions WHERE order_number = \(number) AND kind = 'refund' AND succeeded")
    }

    @Test("a form without its version or key is a 400 and changes nothing", arguments: ["version", "idempotency_key"])
    func missingHiddenFields(field: String) async throws {
        let app = try await TestApp.make()
        let number = try await Self.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: Self.form([field: nil]))
            #expect(response.status == .badRequest)
        }
        await #expect(try await app.database.orderDetail(number: number)?.order.status == .processing)
    }
}
