import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

/// Refunding without cancelling: the dialog, Calculate, the refund, and every refusal leaving the order as it was.
@Suite("Refunding an order without cancelling it")
struct RefundOrderTests {
    /// A fulfilled, paid order with a shipping charge, paid by a card whose refunds go through (or, with
    /// `refundsDeclined`, one whose issuer declines them).
    static func fulfilledPaid(
        _ database: any DeskflowDatabase, refundsDeclined: Bool = false, filter: OrderFilter = .status(.fulfilled)
    ) async throws -> Int {
        var cursor: Int?
        repeat {
            let page = try await database.listOrders(OrderListRequest(filter: filter, after: cursor))
            for summary in page.orders where summary.paymentStatus == .paid && summary.issue == nil {
                guard let order = try await database.orderDetail(number: summary.number)?.order else { continue }
                let declines = order.payment.method?.last4 == SimulatedGateway.TestCard.refundDeclined
                if declines == refundsDeclined, order.totals.shipping.isPositive { return summary.number }
            }
            cursor = page.nextCursor
        } while cursor != nil
        Issue.record("no paid order with shipping in \(filter.value)")
        return 0
    }

    /// A refund form for the order at `version`; `lines` are quantities by SKU.
    static func form(
        _ overrides: [String: String?] = [:], lines: [String: String] = [:], version: Int, key: String = "refund-key-0001"
    ) -> [String: String] {
        var fields: [String: String] = [
            "csrf_token": "fixed-token", "version": String(version), "idempotency_key": key, "refund_amount": "",
            "notify_customer": "1", "reason": "damaged", "note": "", "intent": "refund",
        ]
        for (sku, units) in lines { fields[RefundForm.quantityField(sku)] = units }
        for (name, value) in overrides { fields[name] = value }
        return fields
    }

    static func detail(_ app: TestApp, _ number: Int) async throws -> OrderDetail {
        try #require(try await app.database.orderDetail(number: number))
    }

    @Test("the dialog opens from the menu and the payment panel of a fulfilled order")
    func dialog() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(page.html.contains("<li><a href=\"/orders/\(number)/refund\" class=\"menu-item\">Refund</a>"))
            #expect(page.html.contains("<p><a class=\"button\" href=\"/orders/\(number)/refund\">Refund</a></p>"))
            let response = try await client.get("/orders/\(number)/refund", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"refund-title\""))
            #expect(response.html.contains("data-sku=\""))
            assertSnapshot(of: response.html, as: .html, named: "fulfilled")
        }
    }

    @Test("Calculate fills in what the chosen lines and shipping come to, tax included, and changes nothing")
    func calculate() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        let before = try await Self.detail(app, number)
        let line = try #require(before.order.lines.first)
        let expected = RefundQuote.of(units: [line.sku: 1], shipping: true, on: before.order).total
        #expect(before.order.totals.shipping.isPositive)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post(
                "/orders/\(number)/refund", cookie: cookie,
                form: Self.form(["intent": "calculate", "refund_shipping": "1"], lines: [line.sku: "1"], version: before.order.version))
            #expect(response.status == .ok)
            #expect(response.html.contains("name=\"refund_amount\" inputmode=\"decimal\" autocomplete=\"off\" value=\"\(expected.plainAmount)\""))
            #expect(response.html.contains("come to \(expected.formatted), tax included."))
            #expect(response.html.contains("value=\"refund-key-0001\""))
            assertSnapshot(of: response.html, as: .html, named: "calculated")
        }
        #expect(try await Self.detail(app, number) == before)
    }

    @Test("a partial refund of a fulfilled order: refunded, restocked, told, on the panel and the timeline")
    func partialRefund() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        let before = try await Self.detail(app, number)
        let line = try #require(before.order.lines.first)
        let stockBefore = try #require(try await app.database.stockLevels(skus: [line.sku]).first)
        let expected = RefundQuote.of(units: [line.sku: 1], shipping: false, on: before.order).total
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post(
                "/orders/\(number)/refund", cookie: cookie,
                form: Self.form(["restock": "1", "note": "Box crushed"], lines: [line.sku: "1"], version: before.order.version))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/orders/\(number)")
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(page.html.contains("<div class=\"flash\" role=\"status\">Refunded \(expected.formatted) to "))
            #expect(page.html.contains("1 item put back in stock. Customer notified.</div>"))
            #expect(page.html.contains("data-status=\"fulfilled\" data-payment-status=\"partially_refunded\""))
            #expect(page.html.contains("data-state=\"succeeded\" data-minor=\"\(expected.minorUnits)\""))
            #expect(page.html.contains("<li data-event=\"refund_requested\">"))
            #expect(page.html.contains("<li data-event=\"refund_succeeded\">"))
            #expect(page.html.contains("Item arrived damaged"))
            assertSnapshot(of: page.html, as: .html, named: "after-partial-refund")
        }
        let after = try await Self.detail(app, number)
        #expect(after.order.payment.refunded == expected)
        #expect(after.order.status == .fulfilled)
        #expect(after.order.lines.first?.refundedQuantity == 1)
        let stockAfter = try #require(try await app.database.stockLevels(skus: [line.sku]).first)
        #expect(stockAfter.onHand == stockBefore.onHand + 1)
        let messages = try await app.database.notifications(state: nil, before: nil, limit: 100).items.filter { $0.orderNumber == number }
        #expect(messages.map(\.kind) == ["refund_issued"])
        try await RaceTests.expectBooksBalance(app.database)
    }

    @Test("a refund the issuer declines opens refund_failed; its retry goes to the provider under the same key")
    func declined() async throws {
        let app = try await TestApp.make()
        let number = try await OrderDetailTests.firstOrder(app.database, .issue(.paymentFailed))
        try await app.run { client in
            let cookie = try await client.signIn()
            // paid with the test card whose issuer declines refunds
            let start = try await Self.detail(app, number).order.version
            let method = try await client.post(
                "/orders/\(number)/payment/method", cookie: cookie,
                form: RaceTests.fields(version: start, key: "declined-method-0001", ["payment_method": "visa-0341"]))
            #expect(method.status == .seeOther)
            let charge = try await client.post(
                "/orders/\(number)/payment/retry", cookie: cookie, form: RaceTests.fields(version: start + 1, key: "declined-charge-0001"))
            #expect(charge.status == .seeOther)
            let version = try await Self.detail(app, number).order.version
            #expect(try await Self.detail(app, number).order.paymentStatus == .paid)
            let refund = try await client.post(
                "/orders/\(number)/refund", cookie: cookie, form: Self.form(["refund_amount": "5.00"], version: version))
            #expect(refund.status == .seeOther)
            let failed = try await Self.detail(app, number)
            #expect(failed.order.issue?.kind == .refundFailed)
            #expect(failed.order.paymentStatus == .paid)
            let refundRow = try #require(failed.refunds.first)
            #expect(refundRow.state == .failed)
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(page.html.contains("data-refund=\"\(refundRow.id)\" data-state=\"failed\" data-minor=\"500\""))
            let retry = try await client.post(
                "/orders/\(number)/refunds/\(refundRow.id)/retry", cookie: cookie,
                form: RaceTests.fields(version: failed.order.version, key: "refund-retry-0001"))
            #expect(retry.status == .seeOther)
        }
        let after = try await Self.detail(app, number)
        #expect(after.refunds.count == 1)
        let keys = try await app.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT idempotency_key FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'", arguments: [number])
        }
        #expect(keys == ["refund-refund-key-0001"])
        try await RaceTests.expectBooksBalance(app.database)
    }

    @Test("a goodwill refund of a cancelled order that kept its money, then nothing left to refund")
    func cancelledOrder() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let cancel = try await client.post(
                "/orders/\(number)/cancel", cookie: cookie,
                form: CancelOrderTests.form(["issue_refund": nil, "idempotency_key": "cancel-keep-money-1"], version: 1))
            #expect(cancel.status == .seeOther)
            let order = try await Self.detail(app, number).order
            let everything = order.payment.refundable
            let refund = try await client.post(
                "/orders/\(number)/refund", cookie: cookie,
                form: Self.form(["refund_amount": everything.plainAmount, "reason": "goodwill"], version: order.version))
            #expect(refund.status == .seeOther)
            let after = try await Self.detail(app, number).order
            #expect(after.paymentStatus == .refunded)
            #expect(after.status == .cancelled)
            let again = try await client.get("/orders/\(number)/refund", cookie: cookie)
            #expect(again.status == .conflict)
            #expect(again.html.contains("Everything charged has already been refunded."))

            // the cancellations report adds the later refund to the cancellation that kept the money
            let report = try await app.database.cancellationReport(
                from: Date.distantPast, to: Date.distantFuture, limit: 1_000)
            let row = try #require(report.rows.first { $0.orderNumber == number })
            #expect(row.refundState == nil)
            #expect(row.refundedLater == everything)
            let csv = try await client.get("/reports/cancellations?from=2026-11-27&to=2026-11-27&format=csv", cookie: cookie)
            let record = String(buffer: csv.body).components(separatedBy: "\r\n").first { $0.hasPrefix("\(number),") }
            #expect(record?.hasSuffix(",Maria Manager,\(everything.plainAmount)") == true, "\(record ?? "no record")")
        }
    }

    @Test(
        "bad input gets the dialog again with the values kept, and nothing changes",
        arguments: [
            ("quantity-over", ["refund_amount": ""], "99"),
            ("quantity-negative", ["refund_amount": ""], "-1"),
            ("quantity-letters", ["refund_amount": ""], "two"),
            ("amount-over-refundable", ["refund_amount": "99999"], ""),
            ("amount-over-lines", ["refund_amount": "FROM_LINES_PLUS_A_CENT"], "1"),
            ("nothing-chosen", ["refund_amount": ""], ""),
            ("reason-missing", ["reason": nil], "1"),
            ("restock-unshipped", ["restock": "1"], "1"),
        ] as [(String, [String: String?], String)])
    func invalid(name: String, overrides: [String: String?], units: String) async throws {
        let app = try await TestApp.make()
        let number = try await OrderDetailTests.firstOrder(app.database, .status(.processing)) { $0.paymentStatus == .paid && $0.issue == nil }
        let before = try await Self.detail(app, number)
        let line = try #require(before.order.lines.first)
        var typed = overrides
        if typed["refund_amount"] == "FROM_LINES_PLUS_A_CENT" {
            let total = RefundQuote.of(units: [line.sku: 1], shipping: false, on: before.order).total
            typed["refund_amount"] = (total + Money(minorUnits: 1, currency: total.currency)).plainAmount
        }
        let fields = Self.form(typed, lines: units.isEmpty ? [:] : [line.sku: units], version: before.order.version)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post("/orders/\(number)/refund", cookie: cookie, form: fields)
            #expect(response.status == .unprocessableContent)
            #expect(response.html.contains("class=\"error-summary\""))
            #expect(response.html.contains("aria-invalid=\"true\""))
            if !units.isEmpty { #expect(response.html.contains("data-sku=\"\(line.sku)\" inputmode=\"numeric\" autocomplete=\"off\" value=\"\(units)\"")) }
            assertSnapshot(of: response.html, as: .html, named: name)
        }
        #expect(try await Self.detail(app, number) == before)
    }

    @Test("nothing captured: the menu says why, and the dialog and the refund are refused with 409")
    func nothingCaptured() async throws {
        let app = try await TestApp.make()
        let number = try await OrderDetailTests.firstOrder(app.database, .issue(.paymentFailed))
        let before = try await Self.detail(app, number)
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(page.html.contains("Refund <small class=\"menu-reason\">Nothing has been charged, so there is nothing to refund.</small>"))
            #expect(try await client.get("/orders/\(number)/refund", cookie: cookie).status == .conflict)
            let refused = try await client.post(
                "/orders/\(number)/refund", cookie: cookie, form: Self.form(["refund_amount": "1.00"], version: before.order.version))
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("Nothing has been charged, so there is nothing to refund."))
        }
        #expect(try await Self.detail(app, number) == before)
    }

    @Test("the same refund twice refunds once and tells the first result; other values under the key are refused")
    func sameKeyTwice() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        let version = try await Self.detail(app, number).order.version
        try await app.run { client in
            let cookie = try await client.signIn()
            let form = Self.form(["refund_amount": "1.00"], version: version)
            #expect(try await client.post("/orders/\(number)/refund", cookie: cookie, form: form).status == .seeOther)
            let firstFlash = try await FailedOrdersTests.flash(client, cookie: cookie, number: number)
            #expect(try await client.post("/orders/\(number)/refund", cookie: cookie, form: form).status == .seeOther)
            #expect(try await FailedOrdersTests.flash(client, cookie: cookie, number: number) == firstFlash)
            let changed = try await client.post(
                "/orders/\(number)/refund", cookie: cookie, form: Self.form(["refund_amount": "2.00"], version: version))
            #expect(changed.status == .unprocessableContent)
        }
        #expect(try await Self.detail(app, number).refunds.count == 1)
    }

    @Test("a stale version shows the fresh order and the dialog again with a 409")
    func stale() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        let before = try await Self.detail(app, number)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.post(
                "/orders/\(number)/refund", cookie: cookie, form: Self.form(["refund_amount": "1.00"], version: before.order.version - 1))
            #expect(response.status == .conflict)
            #expect(response.html.contains("Someone changed this order while you had the dialog open."))
            #expect(response.html.contains("aria-labelledby=\"refund-title\""))
        }
        #expect(try await Self.detail(app, number) == before)
    }

    @Test("a viewer cannot refund")
    func viewer() async throws {
        let app = try await TestApp.make()
        let number = try await Self.fulfilledPaid(app.database)
        let before = try await Self.detail(app, number)
        try await app.run { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            let response = try await client.post(
                "/orders/\(number)/refund", cookie: cookie, form: Self.form(["refund_amount": "1.00"], version: before.order.version))
            #expect(response.status == .forbidden)
        }
        #expect(try await Self.detail(app, number) == before)
    }
}
