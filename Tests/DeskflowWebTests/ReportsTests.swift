import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing

@testable import DeskflowWeb

extension Snapshotting where Value == String, Format == String {
    /// CSV downloads as committed `.csv` files, byte for byte (CRLF line ends included), diffed line by line.
    static var csv: Snapshotting<String, String> {
        Snapshotting(pathExtension: "csv", diffing: .lines)
    }
}

@Suite("Cancellations report")
struct ReportsTests {
    static let header = "Order,Cancelled at,Reason,Note,Refund,Refund state,Voided,Currency,Restocked,Notified,Cancelled by,Refunded later\r\n"

    /// Cancels a paid order through the real form with `note`, on the test clock's day (2026-11-27, when the demo
    /// store has no other cancellation), and returns its number.
    static func cancelWithNote(_ app: TestApp, _ client: some TestClientProtocol, cookie: String, note: String) async throws -> Int {
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let response = try await client.post(
            "/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form(["note": note, "reason": "fraud"]))
        #expect(response.status == .seeOther)
        return number
    }

    @Test("the report for a range: form, CSV link, totals by reason, refunded total, one row per cancellation")
    func page() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/reports/cancellations?from=2026-10-01&to=2026-11-27", cookie: cookie)
            #expect(response.status == .ok)
            let html = response.html
            #expect(html.contains("<a href=\"/reports/cancellations\" aria-current=\"page\">Reports</a>"))
            #expect(html.contains("<input type=\"date\" id=\"from\" name=\"from\" value=\"2026-10-01\">"))
            #expect(html.contains("<input type=\"date\" id=\"to\" name=\"to\" value=\"2026-11-27\">"))
            #expect(html.contains("<a href=\"/reports/cancellations?from=2026-10-01&amp;to=2026-11-27&amp;format=csv\""))
            #expect(html.contains("<td data-label=\"Order\"><a href=\"/orders/"))
            #expect(html.contains("data-refund-state=\"succeeded\""))
            #expect(html.contains("<dd data-field=\"refunded\">$"))
            // The trend: both charts, each an image named by its title, and the numbers per day in a table.
            #expect(html.contains("<figure class=\"chart\" data-chart=\"cancellations-per-day\">"))
            #expect(html.contains("<figure class=\"chart\" data-chart=\"refunds-per-day\">"))
            #expect(html.contains(
                "<svg class=\"chart-svg chart-svg-wide\" role=\"img\" aria-labelledby=\"chart-cancellations-wide-title\""))
            #expect(html.contains(
                "<title id=\"chart-cancellations-wide-title\">Cancellations per day, 1 Oct 2026 to 27 Nov 2026, by reason: "))
            #expect(html.contains("<title id=\"chart-refunds-usd-wide-title\">Refunded per day, 1 Oct 2026 to 27 Nov 2026: $"))
            #expect(html.contains("<tr data-day=\"2026-"))
            #expect(!html.contains("style="))
            assertSnapshot(of: html, as: .html)
        }
    }

    @Test("a day whose one cancellation refunded nothing: the cancellations chart, no refund chart, one day in the table")
    func dayWithoutRefund() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let number = try await CancelOrderTests.paidProcessing(app.database)
            let cancelled = try await client.post(
                "/orders/\(number)/cancel", cookie: cookie,
                form: CancelOrderTests.form(["issue_refund": nil, "reason": "staff"]))
            #expect(cancelled.status == .seeOther)

            let html = try await client.get("/reports/cancellations?from=2026-11-27&to=2026-11-27", cookie: cookie).html
            #expect(html.contains(
                "<title id=\"chart-cancellations-wide-title\">Cancellations on 27 Nov 2026, by reason: 1 in total</title>"))
            #expect(html.contains("class=\"chart-reason-staff\""))
            #expect(!html.contains("data-chart=\"refunds-per-day\""))
            #expect(html.contains("has a refund the payment gateway confirmed, so there is no refund chart."))
            #expect(html.components(separatedBy: "<tr data-day=").count == 2)
            #expect(html.contains("<tr data-day=\"2026-11-27\">"))
            assertSnapshot(of: html, as: .html)
        }
    }

    @Test("without dates, the report covers the last 30 days ending today")
    func defaultRange() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let html = try await client.get("/reports/cancellations", cookie: cookie).html
            #expect(html.contains("value=\"2026-10-29\""))
            #expect(html.contains("value=\"2026-11-27\""))
            let csv = try await client.get("/reports/cancellations?format=csv", cookie: cookie)
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"cancellations-2026-10-29-to-2026-11-27.csv\"")
        }
    }

    @Test("a period with no cancellations says so")
    func empty() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/reports/cancellations?from=2026-01-01&to=2026-01-31", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.html.contains("No cancellations in this period"))
            #expect(!response.html.contains("<table"))
            #expect(!response.html.contains("<svg"))
            #expect(!response.html.contains("data-chart"))
            assertSnapshot(of: response.html, as: .html)
        }
    }

    @Test("the CSV download has the page's rows, quoted, with CRLF line ends and a file name")
    func csvDownload() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let cookie = try await client.signIn()
            let page = try await client.get("/reports/cancellations?from=2026-11-01&to=2026-11-27", cookie: cookie).html
            let response = try await client.get("/reports/cancellations?from=2026-11-01&to=2026-11-27&format=csv", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(
                response.headers[.contentDisposition] == "attachment; filename=\"cancellations-2026-11-01-to-2026-11-27.csv\"")
            let csv = String(buffer: response.body)
            #expect(csv.hasPrefix(Self.header))
            #expect(csv.hasSuffix("\r\n"))
            #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            // One record per row of the page, in the same order.
            let pageOrders = page.components(separatedBy: "<tr data-order=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            let csvOrders = csv.components(separatedBy: "\r\n").dropFirst().dropLast().map { $0.prefix { $0 != "," } }
            #expect(!pageOrders.isEmpty)
            #expect(csvOrders == pageOrders)
            assertSnapshot(of: csv, as: .csv)
        }
    }

    @Test("a note with markup, commas, quotes and a formula is escaped on the page and quoted and defused in the CSV")
    func hostileNote() async throws {
        let app = try await TestApp.make()
        let note = "=HYPERLINK(\"https://evil.example\"), <script>alert('x')</script> & co"
        try await app.run { client in
            let cookie = try await client.signIn()
            let number = try await Self.cancelWithNote(app, client, cookie: cookie, note: note)

            let html = try await client.get("/reports/cancellations?from=2026-11-27&to=2026-11-27", cookie: cookie).html
            #expect(!html.contains("<script>"))
            #expect(html.contains(
                "<td data-label=\"Note\">=HYPERLINK(&quot;https://evil.example&quot;), &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</td>"))
            #expect(html.contains(
                "<tr data-order=\"\(number)\" data-reason=\"fraud\" data-refund-state=\"succeeded\" data-refund-minor=\"1000\">"))
            #expect(html.contains("<dd data-field=\"refunded\">$10.00</dd>"))
            #expect(html.contains("<dd data-reason=\"fraud\">1</dd>"))

            let csv = try await client.get("/reports/cancellations?from=2026-11-27&to=2026-11-27&format=csv", cookie: cookie)
            #expect(String(buffer: csv.body) == Self.header
                + "\(number),2026-11-27T12:00:00Z,Fraudulent order,"
                + "\"'=HYPERLINK(\"\"https://evil.example\"\"), <script>alert('x')</script> & co\","
                + "10.00,succeeded,0.00,USD,yes,yes,Maria Manager,0.00\r\n")
        }
    }

    @Test(
        "a bad date range is a 400 page that says what is wrong",
        arguments: [
            ("month-13", "from=2026-13-01", "The “from” date “2026-13-01” is not a day on the calendar."),
            ("not-a-date", "to=soon", "The “to” date “soon” is not a date."),
            ("reversed", "from=2026-11-20&to=2026-11-10", "The “from” date (2026-11-20) is after the “to” date (2026-11-10)."),
            ("two-years", "from=2024-11-27&to=2026-11-27", "The range covers 731 days; a report covers at most 366 days."),
            ("unknown-format", "format=pdf", "comes as a page or as a CSV file"),
            ("bad-range-csv", "from=2026-13-01&format=csv", "is not a day on the calendar."),
        ])
    func badRange(name: String, query: String, message: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/reports/cancellations?\(query)", cookie: cookie)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.html.contains(message))
            if name == "reversed" { assertSnapshot(of: response, as: .response) }
        }
    }

    @Test("markup typed into a date comes back escaped on the error page")
    func hostileDate() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            let response = try await client.get("/reports/cancellations?from=%3Cscript%3E", cookie: cookie)
            #expect(response.status == .badRequest)
            #expect(!response.html.contains("<script>"))
            #expect(response.html.contains("&lt;script&gt;"))
        }
    }

    @Test("a viewer can read the report; signed out, it redirects to sign-in")
    func access() async throws {
        try await TestApp.make().run { client in
            let viewer = try await client.signIn(as: TestStaff.viewerEmail)
            #expect(try await client.get("/reports/cancellations", cookie: viewer).status == .ok)
            #expect(try await client.get("/reports/cancellations?format=csv", cookie: viewer).status == .ok)
            let signedOut = try await client.get("/reports/cancellations?format=csv", cookie: nil)
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers[.location]?.hasPrefix("/login") == true)
        }
    }
}
