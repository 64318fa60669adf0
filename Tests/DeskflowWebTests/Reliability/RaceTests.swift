import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Double clicks, two tabs, two managers, a retrying proxy: many requests on one order at the same moment.
/// Exactly one of them changes the order; the rest get that first result or a 409; and the books still balance.
@Suite("Races on one order", .timeLimit(.minutes(2)))
struct RaceTests {
    static let tasks = 60

    /// Sends `tasks` POSTs at once and returns their statuses.
    static func race(
        _ client: any TestClientProtocol, cookie: String, count: Int = tasks, request: @escaping @Sendable (Int) -> (String, [String: String])
    ) async throws -> [HTTPResponse.Status] {
        try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for index in 0..<count {
                group.addTask {
                    let (uri, form) = request(index)
                    return try await client.post(uri, cookie: cookie, form: form).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func fields(version: Int, key: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["csrf_token": "fixed-token", "version": String(version), "idempotency_key": key].merging(extra) { $1 }
    }

    @Test("the same cancel sent 60 times at once: one cancellation, one refund, one message, every answer a 303")
    func sameCancel() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let version = try await #require(try await app.database.orderDetail(number: number)).order.version
        let form = CancelOrderTests.form(["idempotency_key": "race-cancel-0001"], version: version)
        let statuses = try await app.run { client in
            let cookie = try await client.signIn()
            return try await Self.race(client, cookie: cookie) { _ in ("/orders/\(number)/cancel", form) }
        }
        #expect(statuses.allSatisfy { $0 == .seeOther }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
        let orderID = try await Self.orderID(app.database, number)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM cancellations WHERE order_id = ?", [orderID]) == 1)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM refunds WHERE order_id = ?", [orderID]) == 1)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM outbox WHERE order_id = ?", [orderID]) == 1)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'", [number]) == 1)
        try await Self.expectBooksBalance(app.database)
    }

    @Test("the same payment retry sent 60 times at once: the card is charged once")
    func sameRetry() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.order(app.database, .issue(.paymentFailed))
        let statuses = try await app.run { client in
            let cookie = try await client.signIn()
            let version = try await #require(try await app.database.orderDetail(number: number)).order.version
            let card = try await client.post(
                "/orders/\(number)/payment/method", cookie: cookie,
                form: Self.fields(version: version, key: "race-method-0001", ["payment_method": "visa-4242"]))
            #expect(card.status == .seeOther)
            let form = Self.fields(version: version + 1, key: "race-retry-0001")
            return try await Self.race(client, cookie: cookie) { _ in ("/orders/\(number)/payment/retry", form) }
        }
        // one key: the first request charges, every repeat replays its answer
        #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
        let detail = try await #require(try await app.database.orderDetail(number: number))
        #expect(detail.order.paymentStatus == .paid)
        await #expect(
            try Self.count(
                app.database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'charge' AND succeeded",
                [number]) == 1)
        try await Self.expectBooksBalance(app.database)
    }

    @Test("60 different actions on the same version at once: exactly one applies, every other one is a 409")
    func differentActions() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let before = try await #require(try await app.database.orderDetail(number: number)).order
        let address = [
            "name": "Race Winner", "line1": "1 Fast Lane", "line2": "", "city": "Portland", "region": "OR",
            "postal_code": "97201", "country": "US",
        ]
        let actions: [(String, [String: String])] = [
            ("cancel", CancelOrderTests.form(version: before.version).filter { !["csrf_token", "version", "idempotency_key"].contains($0.key) }),
            ("fulfill", ["tracking_number": ""]),
            ("address", address),
            ("messages", ["subject": "Your order", "body": "One of many racing messages."]),
            ("payment/mark-paid", ["reference": "RACE-1"]),
            ("processing/retry", [:]),
        ]
        let statuses = try await app.run { client in
            let cookie = try await client.signIn()
            return try await Self.race(client, cookie: cookie) { index in
                let (path, extra) = actions[index % actions.count]
                return ("/orders/\(number)/\(path)", Self.fields(version: before.version, key: "race-action-\(index)-0001", extra))
            }
        }
        let counts = Dictionary(grouping: statuses, by: \.code).mapValues(\.count)
        #expect(counts[303] == 1, "\(counts)")
        #expect(counts[409] == Self.tasks - 1, "\(counts)")
        // One key was recorded: the winner's. (Its outside call may bump the version once more when it answers.)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'race-action-%'", []) == 1)
        let orderID = try await Self.orderID(app.database, number)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM cancellations WHERE order_id = ?", [orderID]) <= 1)
        await #expect(try Self.count(app.database, "SELECT COUNT(*) FROM outbox WHERE order_id = ? AND kind = 'customer_message'", [orderID]) <= 1)
        try await Self.expectBooksBalance(app.database)
    }

    @Test("60 stock adjustments of one product at once: every one counted once, stock equals its ledger")
    func stockAdjustments() async throws {
        let app = try await TestApp.make()
        let product = try await #require(try await app.database.stockLevels().first)
        let statuses = try await app.run { client in
            let cookie = try await client.signIn()
            return try await Self.race(client, cookie: cookie) { index in
                // Every key is sent twice: a double click must not count twice.
                let key = "race-stock-\(index / 2)-0001"
                return ("/inventory/\(product.sku)", ["csrf_token": "fixed-token", "idempotency_key": key, "adjustment": "1", "reason": "Recount"])
            }
        }
        #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
        let now = try await #require(try await app.database.stockLevels(skus: [product.sku]).first)
        #expect(now.onHand == product.onHand + Self.tasks / 2)
        try await Self.expectBooksBalance(app.database)
    }

    // MARK: - The books

    /// Money never goes out that did not come in, and every stock level is the sum of its ledger.
    static func expectBooksBalance(_ database: any DeskflowDatabase) async throws {
        // every invariant `deskflow check` knows, then the race's own books
        let problems = StoreProblem.report(
            try await database.storeProblems(now: testNow), try await Simulation.setUp(on: database).ledgerProblems())
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        let overRefunded = try await database.pool.read { db in
            try Int.fetchAll(db, sql: """
                SELECT o.number FROM orders o
                WHERE o.captured_minor < (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = o.id AND status = 'succeeded')
                UNION
                SELECT order_number FROM gateway_transactions GROUP BY order_number
                HAVING SUM(CASE WHEN kind IN ('capture', 'charge') AND succeeded THEN amount_minor ELSE 0 END)
                     < SUM(CASE WHEN kind = 'refund' AND succeeded THEN amount_minor ELSE 0 END)
                """)
        }
        #expect(overRefunded.isEmpty, "orders refunded more than was captured")
        let offLedger = try await database.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT s.sku FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku GROUP BY s.sku
                HAVING s.on_hand != COALESCE(SUM(l.on_hand_change), 0) OR s.committed != COALESCE(SUM(l.committed_change), 0)
                """)
        }
        #expect(offLedger.isEmpty, "stock that is not the sum of its ledger")
    }

    static func orderID(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int64 {
        try await database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM orders WHERE number = ?", arguments: [number]) ?? 0 }
    }
}
