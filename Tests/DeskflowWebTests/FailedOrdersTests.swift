import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

@Suite("Failed orders")
struct FailedOrdersTests {
    static func first(_ database: any DeskflowDatabase, _ kind: IssueKind, code: String? = nil) async throws -> Int {
        try await OrderDetailTests.firstOrder(database, .issue(kind)) { code == nil || $0.issue?.code == code }
    }

    /// Posts an order form with the version the page carries now.
    static func post(_ client: any TestClientProtocol, cookie: String, number: Int, path: String, fields: [String: String] = [:], key: String = "key-\(UUID().uuidString)") async throws -> TestResponse {
        let page = try await client.get("/orders/\(number)", cookie: cookie).html
        let version = try #require(page.firstMatch(of: /data-version="(\d+)"/)).1
        var form = ["csrf_token": "fixed-token", "version": String(version), "idempotency_key": key]
        form.merge(fields) { _, new in new }
        return try await client.post("/orders/\(number)\(path)", cookie: cookie, form: form)
    }

    static func flash(_ client: any TestClientProtocol, cookie: String, number: Int) async throws -> String {
        let html = try await client.get("/orders/\(number)", cookie: cookie).html
        return html.firstMatch(of: /<div class="flash" role="status">([^<]*)<\/div>/).map { String($0.1) } ?? ""
    }

    @Test("the queue lists the longest-waiting failure first, each with the one action that can work")
    func queue() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders?status=needs_attention", cookie: cookie).html
            #expect(html.contains("17 orders need attention"))
            let rows = html.matches(of: /<tr data-order="(\d+)"[^>]*data-issue="([a-z_]+)">/).map { (Int($0.1)!, String($0.2)) }
            #expect(rows.count == 17)
            for (number, kind) in rows {
                let issue = try #require(try await app.database.orderDetail(number: number)?.order.issue)
                #expect(issue.kind.rawValue == kind)
                let action = issue.primaryAction.label
                #expect(html.contains("\(action)<span class=\"visually-hidden\"> for order #\(number)</span>"), "\(number)")
            }
        }
    }

    @Test(
        "each form over the order page",
        arguments: [
            ("address", IssueKind.processingError, "/address"), ("payment-method", .paymentFailed, "/payment/method"),
            ("mark-paid", .paymentFailed, "/payment/mark-paid"), ("message", .fulfillmentFailed, "/messages"),
        ])
    func forms(name: String, kind: IssueKind, path: String) async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, kind)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/orders/\(number)\(path)", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("role=\"dialog\" aria-modal=\"true\""))
            assertSnapshot(of: response.html, as: .html, named: name)
        }
    }

    @Test("an address with errors comes back with each error beside its field and nothing saved")
    func addressErrors() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .processingError, code: "missing_postal_code")
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await Self.post(
                client, cookie: cookie, number: number, path: "/address",
                fields: ["name": "", "line1": String(repeating: "x", count: 101), "line2": "", "city": "Boise", "region": "ID", "postal_code": "", "country": "USA"],
                key: "address-key-1")
            #expect(response.status == .unprocessableContent)
            assertSnapshot(of: response.html, as: .html)
        }
        await #expect(try await app.database.orderDetail(number: number) == before)
    }

    @Test("a processing error is fixed by correcting the address and retrying, and the timeline tells it")
    func processingResolved() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .processingError, code: "missing_postal_code")
        try await app.run { client in
            let cookie = try await client.signIn()
            #expect(try await Self.post(client, cookie: cookie, number: number, path: "/processing/retry").status == .seeOther)
            #expect(try await Self.flash(client, cookie: cookie, number: number).hasPrefix("Processing failed again"))
            let detail = try await #require(try await app.database.orderDetail(number: number))
            var fields = [
                "name": detail.order.shippingAddress.name, "line1": detail.order.shippingAddress.line1, "line2": "",
                "city": detail.order.shippingAddress.city, "region": detail.order.shippingAddress.region,
                "postal_code": "83702", "country": "US",
            ]
            fields["line2"] = ""
            #expect(try await Self.post(client, cookie: cookie, number: number, path: "/address", fields: fields).status == .seeOther)
            #expect(try await Self.post(client, cookie: cookie, number: number, path: "/processing/retry").status == .seeOther)
            #expect(try await Self.flash(client, cookie: cookie, number: number) == "Processing succeeded: order #\(number) is ready to fulfill.")
            let html = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(html.contains("data-issue=\"\""))
            for event in ["processing_failed", "address_updated", "processing_succeeded"] {
                #expect(html.contains("<li data-event=\"\(event)\">"))
            }
        }
    }

    @Test("a declined payment stays failed until a new method is recorded, then the retry charges it", arguments: TestEngine.available)
    func paymentResolved(engine: TestEngine) async throws {
        try await engine.withApp { app in
            let number = try await Self.first(app.database, .paymentFailed, code: "card_declined")
            try await app.run { client in
                let cookie = try await client.signIn()
                #expect(try await Self.post(client, cookie: cookie, number: number, path: "/payment/retry").status == .seeOther)
                #expect(try await Self.flash(client, cookie: cookie, number: number).hasPrefix("The payment failed again"))
                #expect(try await Self.post(client, cookie: cookie, number: number, path: "/payment/method", fields: ["payment_method": "visa-4242"]).status == .seeOther)
                #expect(try await Self.post(client, cookie: cookie, number: number, path: "/payment/retry").status == .seeOther)
                #expect(try await Self.flash(client, cookie: cookie, number: number).contains("is now processing"))
            }
            let order = try await #require(try await app.database.orderDetail(number: number)).order
            #expect(order.state == OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: nil))
            #expect(order.payment.captured == order.totals.total)
        }
    }

    @Test("a stock shortfall names each SKU, and adjusting inventory lets the retry ship")
    func stockResolved() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .fulfillmentFailed, code: "stock_unavailable")
        let order = try await #require(try await app.database.orderDetail(number: number)).order
        let sku = try #require(order.lines.first).sku
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(page.contains("<li data-sku=\"\(sku)\"><a href=\"/inventory#\(sku)\">\(sku)</a>"))
            let adjusted = try await client.post(
                "/inventory/\(sku)", cookie: cookie,
                form: ["csrf_token": "fixed-token", "idempotency_key": "stock-key-1", "adjustment": "+20", "reason": "Delivery"])
            #expect(adjusted.status == .seeOther)
            #expect(adjusted.headers[.location] == "/inventory#\(sku)")
            #expect(try await Self.post(client, cookie: cookie, number: number, path: "/fulfillment/retry").status == .seeOther)
            #expect(try await Self.flash(client, cookie: cookie, number: number).hasPrefix("Order #\(number) fulfilled"))
        }
        await #expect(try await app.database.orderDetail(number: number)?.order.status == .fulfilled)
    }

    @Test("the inventory page, and its answers to bad adjustments")
    func inventory() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/inventory", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.html.contains("<tr id=\"APR-LIN-02\" data-sku=\"APR-LIN-02\" data-on-hand=\"0\""))
            assertSnapshot(of: page.html, as: .html, named: "list")
            for (name, fields) in [
                ("not-a-number", ["adjustment": "1.5", "reason": "Count"]),
                ("below-zero", ["adjustment": "-1", "reason": "Count"]),
                ("no-reason", ["on_hand": "4", "reason": ""]),
            ] {
                var form = ["csrf_token": "fixed-token", "idempotency_key": "stock-\(name)"]
                form.merge(fields) { _, new in new }
                let response = try await client.post("/inventory/APR-LIN-02", cookie: cookie, form: form)
                #expect(response.status == .unprocessableContent, "\(name)")
                if name == "below-zero" { assertSnapshot(of: response.html, as: .html, named: name) }
            }
            let unknown = try await client.post(
                "/inventory/NOPE-1", cookie: cookie,
                form: ["csrf_token": "fixed-token", "idempotency_key": "stock-unknown", "adjustment": "+1", "reason": "x"])
            #expect(unknown.status == .unprocessableContent)
            #expect(try await client.get("/inventory", cookie: cookie).html.contains("data-sku=\"APR-LIN-02\" data-on-hand=\"0\""))
        }
    }

    @Test("writing to the customer queues the message and puts it on the timeline")
    func message() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .fulfillmentFailed)
        try await app.run { client in
            let cookie = try await client.signIn()
            let empty = try await Self.post(client, cookie: cookie, number: number, path: "/messages", fields: ["subject": "", "body": ""])
            #expect(empty.status == .unprocessableContent)
            let sent = try await Self.post(
                client, cookie: cookie, number: number, path: "/messages", fields: ["subject": "Your parcel", "body": "It is on its way <soon>."])
            #expect(sent.status == .seeOther)
            let html = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(html.contains("<li data-event=\"customer_messaged\">"))
            #expect(html.contains("queued for sending"))
        }
    }

    @Test(
        "an action that does not apply is a 409 that says why, and nothing changes",
        arguments: [
            (OrderFilter.status(.fulfilled), "/payment/retry"), (.status(.cancelled), "/fulfill"),
            (.status(.fulfilled), "/processing/retry"), (.status(.cancelled), "/address"),
        ])
    func notAllowed(filter: OrderFilter, path: String) async throws {
        let app = try await TestApp.make()
        let number = try await OrderDetailTests.firstOrder(app.database, filter) { $0.issue == nil }
        let before = try await #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await Self.post(
                client, cookie: cookie, number: number, path: path,
                fields: ["name": "A", "line1": "1 A St", "city": "B", "region": "OR", "postal_code": "1", "country": "US"])
            #expect(response.status == .conflict)
            #expect(response.html.contains("Nothing was changed."))
        }
        await #expect(try await app.database.orderDetail(number: number) == before)
    }

    @Test("a stale version is a 409, and a double submit gets the first result once")
    func staleAndDouble() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .paymentFailed)
        try await app.run { client in
            let cookie = try await client.signIn()
            let stale = try await client.post(
                "/orders/\(number)/payment/request", cookie: cookie,
                form: ["csrf_token": "fixed-token", "version": "0", "idempotency_key": "stale-key-1"])
            #expect(stale.status == .conflict)
            let first = try await Self.post(client, cookie: cookie, number: number, path: "/payment/request", key: "same-key-1")
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            let version = Int(try #require(page.firstMatch(of: /data-version="(\d+)"/)).1)! - 1
            let second = try await client.post(
                "/orders/\(number)/payment/request", cookie: cookie,
                form: ["csrf_token": "fixed-token", "version": String(version), "idempotency_key": "same-key-1"])
            #expect(first.status == .seeOther)
            #expect(second.status == .seeOther)
        }
        let events = try await #require(try await app.database.orderDetail(number: number)).events
        #expect(events.filter { $0.kind == .paymentMethodRequested }.count == 1)
    }

    @Test("a viewer cannot adjust stock")
    func viewer() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            #expect(try await client.get("/inventory", cookie: cookie).status == .ok)
            let response = try await client.post(
                "/inventory/APR-LIN-02", cookie: cookie,
                form: ["csrf_token": "fixed-token", "idempotency_key": "viewer-key-1", "adjustment": "+1", "reason": "x"])
            #expect(response.status == .forbidden)
        }
    }

    @Test("a refund the card cannot take is settled another way with a reference, which clears the failure")
    func refundSettledElsewhere() async throws {
        let app = try await TestApp.make()
        let number = try await Self.first(app.database, .refundFailed)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            let path = String(try #require(page.firstMatch(of: /href="\/orders\/\d+(\/refunds\/\d+\/mark-refunded)"/)).1)
            let form = try await client.get("/orders/\(number)\(path)", cookie: cookie)
            #expect(form.status == .ok)
            assertSnapshot(of: form.html, as: .html)
            let empty = try await Self.post(client, cookie: cookie, number: number, path: path, fields: ["reference": " "])
            #expect(empty.status == .unprocessableContent)
            let settled = try await Self.post(client, cookie: cookie, number: number, path: path, fields: ["reference": "BT-77"])
            #expect(settled.status == .seeOther)
            #expect(try await Self.flash(client, cookie: cookie, number: number).contains("reference BT-77"))
        }
        let order = try await #require(try await app.database.orderDetail(number: number)).order
        #expect(order.issue == nil)
        #expect(order.state.isPossible)
    }
}
