import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

@Suite("Security: SQL metacharacters are only text")
struct SQLMetacharacterSecurityTests {
    static let searches = [
        "' OR 1=1 --", "\"; DROP TABLE orders; --", "%", "_", "\\", "%%", "a%e", "_a", "%' --",
        "'); DELETE FROM orders; --",
        "1001 OR 1=1", "#1001'", "x@y.z' OR '1'='1", "' UNION SELECT * FROM staff_users --", "*", "?", "\\%",
        // real matches, so the comparison means something
        "example", "Patel", "1042", "#1042",
    ]

    /// The orders a search should find, worked out here from every order in the store.
    static func expected(_ database: any DeskflowDatabase, _ text: String) async throws -> Set<Int> {
        guard let search = OrderSearch(text) else { return [] }
        var all: [OrderSummary] = []
        var cursor: Int?
        repeat {
            let page = try await database.listOrders(OrderListRequest(filter: .all, after: cursor))
            all += page.orders
            cursor = page.nextCursor
        } while cursor != nil
        if let number = search.orderNumber { return Set(all.filter { $0.number == number }.map(\.number)) }
        if let email = search.emailAddress {
            return Set(all.filter { $0.customerEmail.lowercased() == email }.map(\.number))
        }
        let needle = search.text.lowercased()
        return Set(
            all.filter {
                $0.customerName.lowercased().contains(needle) || $0.customerEmail.lowercased().contains(needle)
            }.map(\.number))
    }

    @Test("a search finds only orders that really hold the text, wildcards and quotes included", arguments: searches)
    func search(text: String) async throws {
        let app = try await TestApp.make()
        let expected = try await Self.expected(app.database, text)
        try await app.run { client in
            let cookie = try await client.signIn()
            let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try await client.get("/orders?q=\(query)", cookie: cookie)
            #expect(response.status == .ok)
            let rows = Set(response.html.matches(of: /<tr data-order="(\d+)"/).map { Int($0.1)! })
            #expect(
                rows.isSubset(of: expected),
                "found orders that do not hold \(text): \(rows.subtracting(expected).sorted())")
            #expect(rows.count == min(expected.count, 50), "\(rows.count) rows for \(expected.count) matches")
            let count = response.html.firstMatch(of: /data-filter="all"[^>]*>[^<]*<span class="count">(\d+)<\/span>/)
                .map { Int($0.1)! }
            #expect(count == expected.count)
        }
        #expect(try await app.database.staffUserCount() == 2)
    }

    @Test("metacharacters typed into every free-text field are stored as typed, and every table is still there")
    func storedVerbatim() async throws {
        let app = try await TestApp.make()
        let text = #"' OR 1=1 -- "; DROP TABLE orders; -- % _ \ %' --"#
        let short = #"'%_";--\"#
        let cancel = try await CancelOrderTests.paidProcessing(app.database)
        let message = try await OrderDetailTests.firstOrder(app.database, .status(.fulfilled))
        let address = try await FailedOrdersTests.first(app.database, .processingError)
        let paid = try await FailedOrdersTests.first(app.database, .paymentFailed)
        let before = try await app.database.stockLevels().first { $0.sku == "MUG-CER-01" }!.onHand
        try await app.run { client in
            let cookie = try await client.signIn()
            let answers = [
                try await client.post(
                    "/orders/\(cancel)/cancel", cookie: cookie, form: CancelOrderTests.form(["note": text])),
                try await FailedOrdersTests.post(
                    client, cookie: cookie, number: message, path: "/messages",
                    fields: ["subject": text, "body": text]),
                try await FailedOrdersTests.post(
                    client, cookie: cookie, number: address, path: "/address",
                    fields: [
                        "name": text, "line1": text, "line2": text, "city": text, "region": text, "postal_code": short,
                        "country": "US",
                    ]),
                try await FailedOrdersTests.post(
                    client, cookie: cookie, number: paid, path: "/payment/mark-paid", fields: ["reference": text]),
                try await client.post(
                    "/inventory/MUG-CER-01", cookie: cookie,
                    form: [
                        "csrf_token": "fixed-token", "idempotency_key": "sql-stock-1", "adjustment": "+2",
                        "reason": text,
                    ]),
            ]
            for answer in answers { #expect(answer.status == .seeOther, "\(answer.html.prefix(300))") }
            // signing in still reads the staff table
            #expect(try await client.signIn() != cookie)
        }
        let database = app.database
        #expect(try await database.orderDetail(number: cancel)?.order.cancellation?.note == text)
        let sent = try #require(
            try await database.notifications(state: nil, before: nil, limit: 10).items.first { $0.orderNumber == message })
        let stored = try #require(try await database.notification(id: sent.id)).message
        #expect(stored.subject == text && stored.body == text)
        let shipping = try #require(try await database.orderDetail(number: address)).order.shippingAddress
        #expect(
            [shipping.name, shipping.line1, shipping.line2, shipping.city, shipping.region, shipping.postalCode] == [
                text, text, text, text, text, short,
            ])
        #expect(try await database.orderDetail(number: paid)?.events.contains { $0.summary.contains(text) } == true)
        #expect(try await database.stockLevels().first { $0.sku == "MUG-CER-01" }?.onHand == before + 2)
        // every table still answers
        #expect(try await database.stockLevels().count == 48)
        #expect(try await database.staffUserCount() == 2)
        #expect(try await database.countOrders()[.all] == 300)
        #expect(try await database.listOrders(OrderListRequest(filter: .all)).orders.count == 50)
    }

    @Test(
        "an email with SQL in it never signs anyone in, even with the right password",
        arguments: [
            "' OR 1=1 --", "manager@example.com' --", "manager@example.com\" --", "' OR '1'='1", "%",
            "manager@example.com%", "_anager@example.com",
        ])
    func signIn(email: String) async throws {
        try await TestApp.make().run { client in
            let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
            let response = try await client.post(
                "/login", cookie: anonymous,
                form: ["csrf_token": "fixed-token", "email": email, "password": TestStaff.password])
            #expect(response.status == .unprocessableContent)
            #expect(response.sessionCookie == nil)
        }
    }

    @Test(
        "metacharacters in addresses find nothing",
        arguments: [
            "/orders/1001'%20OR%20'1'='1", "/orders/1001%20OR%201=1", "/orders/%25", "/notifications/1%20OR%201=1",
            "/notifications/%27",
            "/orders/1001/refunds/1%20OR%201=1/mark-refunded",
        ])
    func paths(uri: String) async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            #expect(try await client.get(uri, cookie: cookie).status == .notFound)
        }
    }

    @Test("a SKU with metacharacters is an unknown product, and no stock changes")
    func sku() async throws {
        let app = try await TestApp.make()
        let before = try await app.database.stockLevels()
        try await app.run { client in
            let cookie = try await client.signIn()
            for sku in ["x'%20OR%20'1'='1", "%25", "_UG-CER-01", "MUG-CER-0_", "MUG-CER-01'--"] {
                let response = try await client.post(
                    "/inventory/\(sku)", cookie: cookie,
                    form: [
                        "csrf_token": "fixed-token", "idempotency_key": "sql-sku-\(sku.count)", "adjustment": "+1",
                        "reason": "count",
                    ])
                #expect(response.status == .unprocessableContent, "\(sku)")
                #expect(response.html.contains("There is no product with the SKU"), "\(sku)")
            }
        }
        #expect(try await app.database.stockLevels() == before)
    }
}
