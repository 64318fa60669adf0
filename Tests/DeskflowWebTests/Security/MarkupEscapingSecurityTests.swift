import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

@Suite("Security: markup typed anywhere is escaped everywhere it shows")
struct MarkupEscapingSecurityTests {
    static let payload = SecurityFixtures.xssPayload
    /// For a postal code, which holds at most 12 characters.
    static let shortPayload = #""><b>'&x</b>"#

    /// The markup never reaches the page as markup; when `shown`, its escaped text does.
    static func expectEscaped(
        _ html: String, _ text: String = payload, shown: Bool = true, _ place: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!html.contains(text), "\(place): the text appears unescaped", sourceLocation: sourceLocation)
        #expect(!html.contains("<script>alert(1)"), "\(place): a script element", sourceLocation: sourceLocation)
        #expect(!html.contains("<img src=x"), "\(place): an img element", sourceLocation: sourceLocation)
        #expect(!html.contains("<b>'&x"), "\(place): a b element", sourceLocation: sourceLocation)
        if shown {
            #expect(
                html.contains(SecurityFixtures.escaped(text)), "\(place): the escaped text is not on the page",
                sourceLocation: sourceLocation)
        }
    }

    /// Pages a manager opens after `body`, each checked.
    static func check(
        _ client: any TestClientProtocol, cookie: String, _ pages: [(uri: String, shown: Bool)], text: String = payload,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for page in pages {
            let response = try await client.get(page.uri, cookie: cookie)
            #expect(response.status == .ok, "\(page.uri)", sourceLocation: sourceLocation)
            expectEscaped(response.html, text, shown: page.shown, page.uri, sourceLocation: sourceLocation)
        }
    }

    /// Each `.eml` the delivery worker wrote: its text and HTML parts, decoded.
    static func deliveredEmails(_ app: TestApp) async throws -> [(raw: String, text: String, html: String)] {
        try await app.deliveryWorker().deliverDue()
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: app.mailFolder.path).filter { $0.hasSuffix(".eml") })
            ?? []
        return try files.sorted().map { file in
            let raw = try String(contentsOf: app.mailFolder.appendingPathComponent(file), encoding: .utf8)
            var parts: [String: String] = [:]
            for part in raw.components(separatedBy: "\r\n--").dropFirst() {
                guard let type = part.firstMatch(of: /Content-Type: (text\/[a-z]+)/)?.1,
                    let split = part.range(of: "\r\n\r\n")
                else { continue }
                let base64 = part[split.upperBound...].filter { !$0.isWhitespace }
                let data = try #require(Data(base64Encoded: String(base64)), "\(file): the \(type) part is not base64")
                parts[String(type)] = String(decoding: data, as: UTF8.self)
            }
            return (raw, parts["text/plain"] ?? "", parts["text/html"] ?? "")
        }
    }

    /// The delivered email holding `text`: markup escaped in its HTML part, the plain text as typed in its text part.
    static func expectEmail(
        _ app: TestApp, holding text: String = payload, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let emails = try await deliveredEmails(app)
        let matching = emails.filter { $0.text.contains(text) }
        #expect(
            !matching.isEmpty, "no email carries the text as typed in its text part", sourceLocation: sourceLocation)
        for email in matching {
            #expect(
                !email.text.contains("&lt;") && !email.text.contains("&amp;"), "the text part is HTML-escaped",
                sourceLocation: sourceLocation)
            expectEscaped(email.html, text, "the email's HTML part", sourceLocation: sourceLocation)
        }
        for email in emails {
            expectEscaped(email.html, text, shown: false, "an email's HTML part", sourceLocation: sourceLocation)
        }
    }

    @Test("a cancel note: order page, cancelled list, report and CSV, notifications and the email")
    func cancelNote() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let number = try await ReportsTests.cancelWithNote(app, client, cookie: cookie, note: Self.payload)
            try await Self.check(
                client, cookie: cookie,
                [
                    ("/orders/\(number)", true), ("/orders?status=cancelled", false), ("/reports/cancellations", true),
                    ("/notifications", false), ("/notifications/1", false),
                ])
            let csv = try await client.get("/reports/cancellations?format=csv", cookie: cookie)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.xContentTypeOptions] == "nosniff")
            #expect(
                csv.html.contains("\"" + Self.payload.replacingOccurrences(of: "\"", with: "\"\"") + "\""),
                "quoted as CSV, not HTML")
            for email in try await Self.deliveredEmails(app) {
                Self.expectEscaped(email.html, shown: false, "the cancellation email")
            }
        }
    }

    @Test("a message's subject and body: timeline, notifications list and page, and the email")
    func message() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/messages",
                fields: ["subject": Self.payload, "body": "Hello,\n\n\(Self.payload)\n\nBye"])
            #expect(response.status == .seeOther)
            try await Self.check(
                client, cookie: cookie,
                [("/orders/\(number)", true), ("/notifications", true), ("/notifications/1", true)])
            try await Self.expectEmail(app)
        }
        #expect(try await app.database.notification(id: 1)?.message.subject == Self.payload, "stored as typed")
    }

    @Test("every address field: order page, address form, the prefilled message and its email")
    func address() async throws {
        let app = try await TestApp.make()
        let number = try await FailedOrdersTests.first(app.database, .processingError)
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/address",
                fields: [
                    "name": Self.payload, "line1": Self.payload, "line2": Self.payload, "city": Self.payload,
                    "region": Self.payload,
                    "postal_code": Self.shortPayload, "country": "US",
                ])
            #expect(response.status == .seeOther, "\(response.html.prefix(500))")
            let pages = ["/orders/\(number)", "/orders/\(number)/address", "/orders/\(number)/messages"]
            try await Self.check(client, cookie: cookie, pages.map { ($0, true) })
            try await Self.check(client, cookie: cookie, pages.map { ($0, true) }, text: Self.shortPayload)

            // send the prefilled message, which quotes the address
            let form = try await client.get("/orders/\(number)/messages", cookie: cookie).html
            let subject = try #require(form.firstMatch(of: /name="subject" value="([^"]*)"/)).1
            let body = try #require(
                form.firstMatch(of: /<textarea id="body" name="body"[^>]*>([^<]*)<\/textarea>/.dotMatchesNewlines())
            ).1
            let sent = try await FailedOrdersTests.post(
                client, cookie: cookie, number: number, path: "/messages",
                fields: ["subject": Self.unescaped(String(subject)), "body": Self.unescaped(String(body))])
            #expect(sent.status == .seeOther)
            try await Self.check(client, cookie: cookie, [("/notifications/1", true)])
            try await Self.expectEmail(app)
        }
        let address = try #require(try await app.database.orderDetail(number: number)).order.shippingAddress
        #expect(
            [address.name, address.line1, address.line2, address.city, address.region]
                == Array(repeating: Self.payload, count: 5))
        #expect(address.postalCode == Self.shortPayload)
    }

    /// What a browser sends back for text Mustache escaped into a form.
    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("payment and refund references: the order page")
    func references() async throws {
        let app = try await TestApp.make()
        let paymentFailed = try await FailedOrdersTests.first(app.database, .paymentFailed)
        let refundFailed = try await FailedOrdersTests.first(app.database, .refundFailed)
        try await app.run { client in
            let cookie = try await client.signIn()
            let refund = try #require(
                try await app.database.orderDetail(number: refundFailed)?.refunds.last { $0.state == .failed }
            ).id
            for (number, path, field) in [
                (paymentFailed, "/payment/mark-paid", "reference"),
                (refundFailed, "/refunds/\(refund)/mark-refunded", "reference"),
            ] {
                let response = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: number, path: path, fields: [field: Self.payload])
                #expect(response.status == .seeOther, "\(path): \(response.html.prefix(300))")
                try await Self.check(client, cookie: cookie, [("/orders/\(number)", true), ("/orders", false)])
            }
            for email in try await Self.deliveredEmails(app) {
                Self.expectEscaped(email.html, shown: false, "an email")
            }
        }
    }

    @Test("a stock-adjustment reason: the inventory page, refused and accepted")
    func stockReason() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let refused = try await client.post(
                "/inventory/MUG-CER-01", cookie: cookie,
                form: [
                    "csrf_token": "fixed-token", "idempotency_key": "xss-stock-1", "adjustment": "lots",
                    "reason": Self.payload,
                ])
            #expect(refused.status == .unprocessableContent)
            Self.expectEscaped(refused.html, Self.payload, "the refused adjustment")
            let accepted = try await client.post(
                "/inventory/MUG-CER-01", cookie: cookie,
                form: [
                    "csrf_token": "fixed-token", "idempotency_key": "xss-stock-2", "adjustment": "+1",
                    "reason": Self.payload,
                ])
            #expect(accepted.status == .seeOther)
            try await Self.check(client, cookie: cookie, [("/inventory", false)])
        }
    }

    /// Values that come straight back on the page that answers them.
    enum Reflected: String, CaseIterable, CustomTestStringConvertible {
        case search, signInEmail, next, refundAmount, cancelReason, paymentMethod, country, trackingNumber, orderFilter
        case notificationState

        var testDescription: String { rawValue }
    }

    @Test("typed values shown again on the answer are escaped", arguments: Reflected.allCases)
    func reflected(_ field: Reflected) async throws {
        let app = try await TestApp.make()
        let paid = try await CancelOrderTests.paidProcessing(app.database)
        let paymentFailed = try await FailedOrdersTests.first(app.database, .paymentFailed)
        let processingError = try await FailedOrdersTests.first(app.database, .processingError)
        let ready = try await OrderDetailTests.firstOrder(app.database, .status(.processing)) {
            $0.issue == nil && $0.number != paid
        }
        // a path keeps no spaces, so markup without them
        let payload = field == .next ? #"/"'><script>alert(1)</script><img/src=x/onerror=alert(1)>"# : Self.payload
        try await app.run { client in
            let cookie = try await client.signIn()
            let query = payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            var shown = true
            let response: TestResponse
            switch field {
            case .search:
                response = try await client.get("/orders?q=\(query)", cookie: cookie)
            case .signInEmail:
                let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
                response = try await client.post(
                    "/login", cookie: anonymous, form: ["csrf_token": "fixed-token", "email": payload, "password": "x"])
            case .next:
                response = try await client.get("/login?next=\(query)", cookie: nil)
                #expect(response.html.contains("name=\"next\" value=\"\(SecurityFixtures.escaped(payload))\""))
            case .refundAmount:
                // the amount field keeps 40 characters
                response = try await client.post(
                    "/orders/\(paid)/cancel", cookie: cookie, form: CancelOrderTests.form(["refund_amount": payload]))
                shown = false
                #expect(response.html.contains(SecurityFixtures.escaped(String(payload.prefix(40)))))
            case .cancelReason:
                response = try await client.post(
                    "/orders/\(paid)/cancel", cookie: cookie, form: CancelOrderTests.form(["reason": payload]))
                shown = false
            case .paymentMethod:
                response = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: paymentFailed, path: "/payment/method",
                    fields: ["payment_method": payload])
                shown = false
            case .country:
                response = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: processingError, path: "/address",
                    fields: [
                        "name": "Ana", "line1": "1 Main St", "city": "Boise", "region": "ID", "postal_code": "83702",
                        "country": payload,
                    ])
            case .trackingNumber:
                // letters, digits and dashes only: refused, and shown again
                response = try await FailedOrdersTests.post(
                    client, cookie: cookie, number: ready, path: "/fulfill", fields: ["tracking_number": payload])
                #expect(response.status == .unprocessableContent)
            case .orderFilter:
                response = try await client.get("/orders?status=\(query)", cookie: cookie)
            case .notificationState:
                response = try await client.get("/notifications?state=\(query)", cookie: cookie)
            }
            #expect(response.status.code < 500)
            Self.expectEscaped(response.html, payload, shown: shown, field.rawValue)
        }
    }
}
