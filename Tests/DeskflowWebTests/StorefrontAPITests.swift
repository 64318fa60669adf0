import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// The storefront API through the whole application: tokens, placing, replay, reading, listing, every refusal with
/// nothing created, and an API order that is an order like any other in the admin.
@Suite("Storefront API")
struct StorefrontAPITests {
    static func body(_ change: (inout [String: Any]) -> Void = { _ in }) -> ByteBuffer {
        var body: [String: Any] = [
            "currency": "USD",
            "customer": ["name": "Rosa Diaz", "email": "rosa@example.com"],
            "shipping_address": [
                "name": "Rosa Diaz", "line1": "12 Elm St", "city": "Springfield", "region": "IL", "postal_code": "62701",
                "country": "US",
            ],
            "lines": [["sku": "MUG-CER-01", "quantity": 2, "unit_price_minor": 1800]],
            "shipping_minor": 500, "tax_minor": 288,
            "payment": ["provider": "simulated", "method": ["brand": "Visa", "last4": "4242"], "status": "paid", "amount_minor": 4388],
        ]
        change(&body)
        return ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    static func token(_ app: TestApp, role: StaffRole = .manager, name: String = "storefront") async throws -> String {
        try await StorefrontTokens(database: app.database, clock: app.configuration.clock).create(name: name, role: role).token
    }

    static func headers(token: String?, key: String? = UUID().uuidString) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let key { fields[HTTPField.Name("Idempotency-Key")!] = key }
        return fields
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func error(_ response: TestResponse) throws -> (code: String?, field: String?) {
        let error = try json(response)["error"] as? [String: Any]
        return (error?["code"] as? String, error?["field"] as? String)
    }

    static func orderCount(_ database: any DeskflowDatabase) async throws -> Int {
        try await database.count("SELECT COUNT(*) FROM orders")
    }

    @Test("an order placed through the API holds stock, names who placed it, and reads back as it was answered")
    func placeAndRead() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let stockBefore = try #require(try await app.database.stockLevels(skus: ["MUG-CER-01"]).first)
        try await app.run { client in
            let placed = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body()) { $0 }
            #expect(placed.status == .created)
            #expect(placed.headers[.contentType] == "application/json; charset=utf-8")
            let order = try Self.json(placed)
            let number = try #require(order["number"] as? Int)
            #expect(placed.headers[.location] == "/api/v1/orders/\(number)")
            #expect(order["status"] as? String == "processing")
            #expect(order["payment_status"] as? String == "paid")
            #expect(order["captured_minor"] as? Int == 4388)
            #expect(order["refundable_minor"] as? Int == 4388)

            let read = try await client.execute(uri: "/api/v1/orders/\(number)", method: .get, headers: Self.headers(token: token, key: nil)) { $0 }
            #expect(read.status == .ok)
            #expect(read.body == placed.body)

            let detail = try #require(try await app.database.orderDetail(number: number))
            #expect(detail.events.first { $0.kind == .orderPlaced }?.actor == "storefront")
            let stockAfter = try #require(try await app.database.stockLevels(skus: ["MUG-CER-01"]).first)
            #expect(stockAfter.committed == stockBefore.committed + 2)
            #expect(stockAfter.onHand == stockBefore.onHand)
        }
    }

    @Test("an API order is the admin's like any other: listed, and cancelled with a refund through the simulated provider")
    func cancelledInTheAdmin() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        try await app.run { client in
            let placed = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body()) { $0 }
            let number = try #require(try Self.json(placed)["number"] as? Int)
            let cookie = try await client.signIn()
            let list = try await client.get("/orders?q=rosa%40example.com", cookie: cookie)
            #expect(list.html.contains("data-order=\"\(number)\""))
            let cancelled = try await client.post(
                "/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form(["refund_amount": "20.00"]))
            #expect(cancelled.status == .seeOther)
        }
        let detail = try #require(try await app.database.orderDetail(number: number(of: app)))
        #expect(detail.order.status == .cancelled)
        #expect(detail.order.payment.refunded == Money(minorUnits: 2000, currency: .usd))
        #expect(detail.order.paymentStatus == .partiallyRefunded)
    }

    private func number(of app: TestApp) async throws -> Int {
        try await app.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT MAX(number) FROM orders") ?? 0 }
    }

    @Test("an order whose payment failed joins the Needs-attention queue with the customer's failure message")
    func failedPaymentNeedsAttention() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        try await app.run { client in
            let body = Self.body { body in
                body["payment"] = ["provider": "simulated", "status": "failed", "amount_minor": 4388, "failure_message": "Your card was declined."]
            }
            let placed = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: body) { $0 }
            let order = try Self.json(placed)
            let number = try #require(order["number"] as? Int)
            #expect((order["issue"] as? [String: Any])?["kind"] as? String == "payment_failed")
            let cookie = try await client.signIn()
            let queue = try await client.get("/orders?status=needs_attention", cookie: cookie)
            #expect(queue.html.contains("data-order=\"\(number)\""))
            let page = try await client.get("/orders/\(number)", cookie: cookie)
            #expect(page.html.contains("Your card was declined."))
        }
    }

    @Test(
        "the same key and body replays the first answer byte for byte; another body under it is refused; one order either way",
        arguments: TestEngine.available)
    func idempotentReplay(engine: TestEngine) async throws {
        try await engine.withApp { app in
            let token = try await Self.token(app)
            let before = try await Self.orderCount(app.database)
            try await app.run { client in
                let key = UUID().uuidString
                let headers = Self.headers(token: token, key: key)
                let first = try await client.execute(uri: "/api/v1/orders", method: .post, headers: headers, body: Self.body()) { $0 }
                #expect(first.status == .created)
                let again = try await client.execute(uri: "/api/v1/orders", method: .post, headers: headers, body: Self.body()) { $0 }
                #expect(again.status == .created)
                #expect(again.body == first.body)
                #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let other = try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: headers, body: Self.body { $0["tax_minor"] = 0 }) { $0 }
                #expect(other.status == .unprocessableContent)
                #expect(try Self.error(other).code == "idempotency_key_reused")
                let notEvenJSON = try await client.execute(uri: "/api/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: "{")) { $0 }
                #expect(try Self.error(notEvenJSON).code == "idempotency_key_reused")
            }
            #expect(try await Self.orderCount(app.database) == before + 1)
        }
    }

    @Test("requests racing with one key place one order, and every one of them is answered with it")
    func racingKey() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let before = try await Self.orderCount(app.database)
        let key = UUID().uuidString
        try await app.run { client in
            let bodies = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token, key: key), body: Self.body()) {
                            #expect($0.status == .created)
                            return $0.body
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1)
        }
        #expect(try await Self.orderCount(app.database) == before + 1)
    }

    @Test("with no number the next free one is given; a number already taken is a 409")
    func numbers() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let highest = try await number(of: app)
        try await app.run { client in
            let placed = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body()) { $0 }
            #expect(try Self.json(placed)["number"] as? Int == highest + 1)
            let chosen = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body { $0["number"] = 900_001 }) { $0 }
            #expect(try Self.json(chosen)["number"] as? Int == 900_001)
            let taken = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body { $0["number"] = 1001 }) { $0 }
            #expect(taken.status == .conflict)
            #expect(try Self.error(taken) == ("duplicate_number", "number"))
        }
    }

    typealias Refusal = (body: ByteBuffer, status: HTTPResponse.Status, code: String, field: String?)

    static let refusals: [Refusal] = {
        func line(_ quantity: Any?, sku: String = "MUG-CER-01") -> ByteBuffer {
            body { body in
                var line: [String: Any] = ["sku": sku, "unit_price_minor": 1800]
                line["quantity"] = quantity
                body["lines"] = [line]
            }
        }
        let invalid = HTTPResponse.Status.unprocessableContent
        return [
            (ByteBuffer(string: "{\"currency\": "), .badRequest, "malformed_json", nil),
            (ByteBuffer(string: "[1, 2]"), .badRequest, "malformed_json", nil),
            (body { $0["currency"] = nil }, invalid, "missing_field", "currency"),
            (line(nil), invalid, "missing_field", "lines[0].quantity"),
            (line(1.5), invalid, "invalid_field", "lines[0].quantity"),
            (line("2"), invalid, "invalid_field", "lines[0].quantity"),
            (line(0), invalid, "invalid_field", "lines[0].quantity"),
            (line(1, sku: "NOPE"), invalid, "unknown_sku", "lines[0].sku"),
            (body { $0["shipping_minor"] = -1 }, invalid, "invalid_field", "shipping_minor"),
            (body { $0["currency"] = "EUR" }, invalid, "currency_mismatch", "lines[0].sku"),
            (body { $0["tax_minor"] = 289 }, invalid, "totals_mismatch", "payment.amount_minor"),
            (body { $0["placed_at"] = "yesterday" }, invalid, "invalid_field", "placed_at"),
        ]
    }()

    @Test("a body the API cannot take is refused naming the field, and nothing is created", arguments: Self.refusals)
    func refusedBodies(body: ByteBuffer, status: HTTPResponse.Status, code: String, field: String?) async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let before = try await Self.orderCount(app.database)
        try await app.run { client in
            let refused = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: body) { $0 }
            #expect(refused.status == status)
            #expect(try Self.error(refused) == (code, field))
            #expect(refused.headers[.contentType] == "application/json; charset=utf-8")
        }
        #expect(try await Self.orderCount(app.database) == before)
    }

    @Test("no token, a wrong one, a revoked one or only a session cookie: 401; a viewer token reads but cannot write")
    func tokens() async throws {
        let app = try await TestApp.make()
        let manager = try await Self.token(app)
        let viewer = try await Self.token(app, role: .viewer, name: "reports")
        let revoked = try await StorefrontTokens(database: app.database, clock: app.configuration.clock).create(name: "old", role: .manager)
        #expect(try await app.database.revokeAPIToken(id: revoked.record.id, now: testNow))
        let before = try await Self.orderCount(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            var withCookieOnly = Self.headers(token: nil)
            withCookieOnly[.cookie] = cookie
            for headers in [Self.headers(token: nil), Self.headers(token: "dfk_" + String(repeating: "0", count: 64)),
                            Self.headers(token: revoked.token), Self.headers(token: manager + "x"), withCookieOnly] {
                let refused = try await client.execute(uri: "/api/v1/orders", method: .post, headers: headers, body: Self.body()) { $0 }
                #expect(refused.status == .unauthorized)
                #expect(refused.headers[.wwwAuthenticate] == "Bearer")
                #expect(try Self.error(refused).code == "unauthorized")
            }
            let write = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: viewer), body: Self.body()) { $0 }
            #expect(write.status == .forbidden)
            let read = try await client.execute(uri: "/api/v1/orders/1001", method: .get, headers: Self.headers(token: viewer, key: nil)) { $0 }
            #expect(read.status == .ok)
        }
        #expect(try await Self.orderCount(app.database) == before)
        let stored = try await app.database.pool.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM api_tokens") }
        #expect(!stored.contains(manager))
        #expect(stored.contains(StorefrontTokens.hash(manager)))
    }

    @Test("a missing Idempotency-Key, a body over the limit and an unknown order each get their JSON answer")
    func otherRefusals() async throws {
        let app = try await TestApp.make().configured { $0.requestBodyLimit = 2048 }
        let token = try await Self.token(app)
        try await app.run { client in
            let noKey = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token, key: nil), body: Self.body()) { $0 }
            #expect(noKey.status == .badRequest)
            #expect(try Self.error(noKey) == ("missing_idempotency_key", "Idempotency-Key"))
            let large = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: ByteBuffer(string: String(repeating: " ", count: 4096))) { $0 }
            #expect(large.status == .contentTooLarge)
            #expect(try Self.error(large).code == "too_large")
            let missing = try await client.execute(uri: "/api/v1/orders/424242", method: .get, headers: Self.headers(token: token, key: nil)) { $0 }
            #expect(missing.status == .notFound)
            #expect(try Self.error(missing).code == "not_found")
            let nowhere = try await client.execute(uri: "/api/v1/elsewhere", method: .get, headers: Self.headers(token: token, key: nil)) { $0 }
            #expect(nowhere.status == .notFound)
            #expect(try Self.error(nowhere).code == "not_found")
        }
    }

    @Test("listing what changed: oldest change first, page by page with the cursor, each order once; since a moment")
    func listing() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let total = try await Self.orderCount(app.database)
        try await app.run { client in
            var seen: [Int] = []
            var stamps: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/orders" + (cursor.map { "?cursor=\($0)" } ?? "")
                let page = try Self.json(try await client.execute(uri: uri, method: .get, headers: Self.headers(token: token, key: nil)) { $0 })
                let orders = try #require(page["orders"] as? [[String: Any]])
                seen += orders.compactMap { $0["number"] as? Int }
                stamps += orders.compactMap { $0["updated_at"] as? String }
                cursor = page["next_cursor"] as? String
                #expect(orders.count <= StorefrontAPIController.pageSize)
            } while cursor != nil
            #expect(seen.count == total)
            #expect(Set(seen).count == total)
            #expect(stamps == stamps.sorted())

            let latest = try #require(stamps.last)
            let recent = try Self.json(try await client.execute(
                uri: "/api/v1/orders?updated_since=\(latest)", method: .get, headers: Self.headers(token: token, key: nil)) { $0 })
            let recentOrders = try #require(recent["orders"] as? [[String: Any]])
            #expect(!recentOrders.isEmpty)
            #expect(recentOrders.allSatisfy { ($0["updated_at"] as? String ?? "") >= latest })

            for bad in [
                "updated_since=last%20week", "cursor=%%%", "cursor=2026-13-45%2010:00:00.000%7C1",
                "cursor=2026-02-29%2010:00:00.000%7C1",
            ] {
                let refused = try await client.execute(uri: "/api/v1/orders?\(bad)", method: .get, headers: Self.headers(token: token, key: nil)) { $0 }
                #expect(refused.status == .badRequest)
            }
        }
    }

    @Test("the token is never logged, whatever the request")
    func tokenNeverLogged() async throws {
        let app = try await TestApp.make()
        let token = try await Self.token(app)
        let logs = LogCapture()
        try await app.run(logs: logs) { client in
            _ = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: Self.body()) { $0 }
            _ = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token + "x"), body: Self.body()) { $0 }
            _ = try await client.execute(uri: "/api/v1/orders", method: .post, headers: Self.headers(token: token), body: ByteBuffer(string: "{")) { $0 }
        }
        #expect(logs.count > 0)
        #expect(!logs.text.contains(String(token.dropFirst(4).prefix(16))))
    }
}
