import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

/// The queue's one button and the banner's first action follow the failure's class: the retry when it can work, the
/// fix when the failure needs one; a retry before the fix stays offered, saying why it will likely fail again.
@Suite("The action that can work")
struct ActionThatCanWorkTests {
    static func queueRow(_ html: String, number: Int) -> String {
        guard let start = html.range(of: "<tr data-order=\"\(number)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }

    /// The banner's actions, in the order offered.
    static func bannerActions(_ html: String) -> [String] {
        guard let start = html.range(of: "<ul class=\"resolutions\">"), let end = html[start.upperBound...].range(of: "</ul>")
        else { return [] }
        return html[start.upperBound..<end.lowerBound].matches(of: /<li>(.*?)<\/li>/.dotMatchesNewlines()).map { String($0.1) }
    }

    @Test(
        "the queue's one button: the fix for a failure that needs one, the retry for one that passes",
        arguments: [
            (IssueKind.paymentFailed, "expired_card", "Ask customer for a new payment method", "/payment/request", false),
            (.paymentFailed, "card_declined", "Ask customer for a new payment method", "/payment/request", false),
            (.paymentFailed, "insufficient_funds", "Retry payment", "/payment/retry", false),
            (.processingError, "missing_postal_code", "Edit shipping address", "/address", true),
            (.fulfillmentFailed, "address_undeliverable", "Edit shipping address", "/address", true),
            (.fulfillmentFailed, "carrier_rejected", "Edit shipping address", "/address", true),
            (.fulfillmentFailed, "stock_unavailable", "Retry fulfillment", "/fulfillment/retry", false),
            (.refundFailed, "refund_declined", "Record refund made another way", "/mark-refunded", true),
        ])
    func queueButton(kind: IssueKind, code: String, label: String, path: String, isLink: Bool) async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, kind, code: code)
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders?status=needs_attention", cookie: cookie).html
            let row = Self.queueRow(html, number: number)
            #expect(row.contains("\(label)<span class=\"visually-hidden\"> for order #\(number)</span>"), "\(row)")
            if isLink {
                #expect(row.contains("<a href=\"/orders/\(number)"))
                #expect(row.contains("\(path)\" class=\"button button-small\">"))
            } else {
                // The row's button submits its own form, kept outside the bulk form because forms cannot nest.
                #expect(row.contains("<button type=\"submit\" form=\"act-\(number)\""))
                #expect(html.contains("<form method=\"post\" action=\"/orders/\(number)\(path)\" id=\"act-\(number)\">"))
            }
        }
    }

    @Test(
        "the banner offers the fix first, and its retry says why it will likely fail again",
        arguments: [
            ("expired-card", IssueKind.paymentFailed, "expired_card", "Ask customer for a new payment method",
             "The card expired in 09/2026; a retry will likely be declined again."),
            ("po-box", .fulfillmentFailed, "address_undeliverable", "Edit shipping address",
             "The carrier does not deliver to PO boxes; a retry will likely fail again."),
            ("refund-declined", .refundFailed, "refund_declined", "Record refund made another way",
             "The issuer declined the refund: the card account is closed; a retry will likely be declined again."),
        ])
    func bannerNeedsFix(name: String, kind: IssueKind, code: String, first: String, warning: String) async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, kind, code: code)
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders/\(number)", cookie: cookie).html
            let actions = Self.bannerActions(html)
            #expect(actions.first?.contains(">\(first)</") == true, "\(actions)")
            let retry = try #require(actions.first { $0.contains(">\(kind.retry.label)</button>") })
            #expect(retry.contains("<small class=\"menu-warning\">\(warning)</small>"))
            // and the menu's retry says the same
            #expect(html.components(separatedBy: "<small class=\"menu-warning\">\(warning)</small>").count == 3)
            assertSnapshot(of: html, as: .html, named: name)
        }
    }

    @Test("a failure that passes by itself offers its retry first, with no warning")
    func bannerRetryable() async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, .paymentFailed, code: "insufficient_funds")
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(Self.bannerActions(html).first?.contains(">Retry payment</button>") == true)
            #expect(!html.contains("menu-warning"))
        }
    }

    @Test("once a new payment method is recorded, the retry comes first again, in the queue and on the banner")
    func afterRecordingAMethod() async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, .paymentFailed, code: "expired_card")
        try await app.run { client in
            let cookie = try await client.signIn()
            let recorded = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/payment/method", fields: ["payment_method": "visa-4242"])
            #expect(recorded.status == .seeOther)
            let page = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(Self.bannerActions(page).first?.contains(">Retry payment</button>") == true)
            #expect(!page.contains("menu-warning"))
            let queue = try await client.get("/orders?status=payment_failed", cookie: cookie).html
            #expect(Self.queueRow(queue, number: number).contains("Retry payment<span class=\"visually-hidden\">"))
        }
        #expect(try await app.database.orderDetail(number: number)?.order.issue?.fixMade == true)
    }

    @Test("once the address is edited, the retry comes first; failing again asks for the fix again")
    func afterEditingTheAddress() async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, .fulfillmentFailed, code: "address_undeliverable")
        let before = try #require(try await app.database.orderDetail(number: number)).order
        try await app.run { client in
            let cookie = try await client.signIn()
            // Still a PO box: the fix is recorded as made, the retry fails, and the fix comes first again.
            let address = before.shippingAddress
            let fields = [
                "name": address.name, "line1": address.line1, "line2": address.line2, "city": address.city,
                "region": address.region, "postal_code": address.postalCode, "country": address.country,
            ]
            #expect(try await FailedOrdersTests.post(client, cookie: cookie, number: number, path: "/address", fields: fields).status == .seeOther)
            let edited = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(Self.bannerActions(edited).first?.contains(">Retry fulfillment</button>") == true)
            #expect(try await FailedOrdersTests.post(client, cookie: cookie, number: number, path: "/fulfillment/retry").status == .seeOther)
            let failedAgain = try await client.get("/orders/\(number)", cookie: cookie).html
            #expect(Self.bannerActions(failedAgain).first?.contains(">Edit shipping address</a>") == true)
        }
    }
}
