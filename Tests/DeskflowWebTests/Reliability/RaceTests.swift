import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import DeskflowStorePostgresTestSupport
import Testing

@testable import DeskflowWeb

/// Double clicks, two tabs, two managers, a retrying proxy: many requests on one order at the same moment.
/// Exactly one of them changes the order; the rest get that first result or a 409; and the books still balance.
///
/// Each race runs on SQLite through the one app its database takes, and on PostgreSQL split over two apps on one
/// database, as two `deskflow serve` processes behind a load balancer: the same requests, the same single winner.
@Suite("Races on one order", .timeLimit(.minutes(2)))
struct RaceTests {
    static let tasks = 60

    /// Sends `count` POSTs at once, spread over `clients` in turn, and returns their statuses. Every request waits at
    /// its own gate until all of them are ready, so none gets a head start while the rest are being set up.
    static func race(
        _ clients: [any TestClientProtocol], cookie: String, count: Int = tasks,
        request: @escaping @Sendable (Int) -> (String, [String: String])
    ) async throws -> [HTTPResponse.Status] {
        let gates = (0..<count).map { _ in Signal() }
        return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for index in 0..<count {
                group.addTask {
                    await gates[index].wait()
                    let (uri, form) = request(index)
                    return try await clients[index % clients.count].post(uri, cookie: cookie, form: form).status
                }
            }
            gates.forEach { $0.fire() }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func race(
        _ client: any TestClientProtocol, cookie: String, count: Int = tasks,
        request: @escaping @Sendable (Int) -> (String, [String: String])
    ) async throws -> [HTTPResponse.Status] {
        try await race([client], cookie: cookie, count: count, request: request)
    }

    /// Runs `body` with a client for each app sharing the database and one session, signed in through the first: the
    /// session is in the database, so every instance knows it.
    static func withSignedInClients<Result: Sendable>(
        _ apps: [TestApp], _ body: @escaping @Sendable ([any TestClientProtocol], _ cookie: String) async throws -> Result
    ) async throws -> Result {
        try await TestApp.withClients(apps) { clients in try await body(clients, try await clients[0].signIn()) }
    }

    static func fields(version: Int, key: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["csrf_token": "fixed-token", "version": String(version), "idempotency_key": key].merging(extra) { $1 }
    }

    @Test("the same cancel sent 60 times at once: one cancellation, one refund, one message, every answer a 303", arguments: TestEngine.available)
    func sameCancel(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            let database = apps[0].database
            let number = try await CancelOrderTests.paidProcessing(database)
            let version = try #require(try await database.orderDetail(number: number)).order.version
            let form = CancelOrderTests.form(["idempotency_key": "race-cancel-0001"], version: version)
            let statuses = try await Self.withSignedInClients(apps) { clients, cookie in
                try await Self.race(clients, cookie: cookie) { _ in ("/orders/\(number)/cancel", form) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            let order = "(SELECT id FROM orders WHERE number = \(number))"
            await #expect(try database.count("SELECT COUNT(*) FROM cancellations WHERE order_id = \(order)") == 1)
            await #expect(try database.count("SELECT COUNT(*) FROM refunds WHERE order_id = \(order)") == 1)
            await #expect(try database.count("SELECT COUNT(*) FROM outbox WHERE order_id = \(order)") == 1)
            await #expect(
                try database.count("SELECT COUNT(*) FROM gateway_transactions WHERE order_number = \(number) AND kind = 'refund'") == 1)
            try await Self.expectBooksBalance(database)
        }
    }

    @Test("60 cancels of one version, each its own submission: one applies, every other one is a 409 that says so", arguments: TestEngine.available)
    func differentCancels(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            let database = apps[0].database
            let number = try await CancelOrderTests.paidProcessing(database)
            let version = try #require(try await database.orderDetail(number: number)).order.version
            let answers = try await Self.withSignedInClients(apps) { clients, cookie in
                try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                    for index in 0..<Self.tasks {
                        group.addTask {
                            let form = CancelOrderTests.form(["idempotency_key": "race-cancel-\(index)-0001"], version: version)
                            let response = try await clients[index % clients.count].post("/orders/\(number)/cancel", cookie: cookie, form: form)
                            return (response.status, response.html)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            let counts = Dictionary(grouping: answers, by: \.0.code).mapValues(\.count)
            #expect(counts[303] == 1, "\(counts)")
            #expect(counts[409] == Self.tasks - 1, "\(counts)")
            // each loser is told why: the winner's cancel is in (or, had it read the order first, that it changed)
            for (status, page) in answers where status == .conflict {
                #expect(
                    page.contains("Order #\(number) is already cancelled.") || page.contains("Someone changed this order"),
                    "a 409 that does not say why")
            }
            let order = "(SELECT id FROM orders WHERE number = \(number))"
            await #expect(try database.count("SELECT COUNT(*) FROM cancellations WHERE order_id = \(order)") == 1)
            await #expect(try database.count("SELECT COUNT(*) FROM refunds WHERE order_id = \(order)") == 1)
            await #expect(
                try database.count("SELECT COUNT(*) FROM gateway_transactions WHERE order_number = \(number) AND kind = 'refund'") == 1)
            try await Self.expectBooksBalance(database)
        }
    }

    @Test("the same payment retry sent 60 times at once: the card is charged once", arguments: TestEngine.available)
    func sameRetry(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            let database = apps[0].database
            let number = try await CancelOrderTests.order(database, .issue(.paymentFailed))
            let statuses = try await Self.withSignedInClients(apps) { clients, cookie in
                let version = try #require(try await database.orderDetail(number: number)).order.version
                let card = try await clients[0].post(
                    "/orders/\(number)/payment/method", cookie: cookie,
                    form: Self.fields(version: version, key: "race-method-0001", ["payment_method": "visa-4242"]))
                #expect(card.status == .seeOther)
                let form = Self.fields(version: version + 1, key: "race-retry-0001")
                return try await Self.race(clients, cookie: cookie) { _ in ("/orders/\(number)/payment/retry", form) }
            }
            // one key: the first request charges, every repeat replays its answer
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let detail = try #require(try await database.orderDetail(number: number))
            #expect(detail.order.paymentStatus == .paid)
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = \(number) AND kind = 'charge' AND succeeded") == 1)
            try await Self.expectBooksBalance(database)
        }
    }

    @Test("60 different actions on the same version at once: exactly one applies, every other one is a 409", arguments: TestEngine.available)
    func differentActions(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            let database = apps[0].database
            let number = try await CancelOrderTests.paidProcessing(database)
            let before = try #require(try await database.orderDetail(number: number)).order
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
            let statuses = try await Self.withSignedInClients(apps) { clients, cookie in
                try await Self.race(clients, cookie: cookie) { index in
                    let (path, extra) = actions[index % actions.count]
                    return ("/orders/\(number)/\(path)", Self.fields(version: before.version, key: "race-action-\(index)-0001", extra))
                }
            }
            let counts = Dictionary(grouping: statuses, by: \.code).mapValues(\.count)
            #expect(counts[303] == 1, "\(counts)")
            #expect(counts[409] == Self.tasks - 1, "\(counts)")
            // One key was recorded: the winner's. (Its outside call may bump the version once more when it answers.)
            await #expect(try database.count("SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'race-action-%'") == 1)
            let order = "(SELECT id FROM orders WHERE number = \(number))"
            await #expect(try database.count("SELECT COUNT(*) FROM cancellations WHERE order_id = \(order)") <= 1)
            await #expect(
                try database.count("SELECT COUNT(*) FROM outbox WHERE order_id = \(order) AND kind = 'customer_message'") <= 1)
            try await Self.expectBooksBalance(database)
        }
    }

    @Test("60 stock adjustments of one product at once: every one counted once, stock equals its ledger", arguments: TestEngine.available)
    func stockAdjustments(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            let database = apps[0].database
            let product = try #require(try await database.stockLevels().first)
            let ledger = "SELECT COUNT(*) FROM inventory_ledger WHERE sku = '\(product.sku)'"
            let entriesBefore = try await database.count(ledger)
            let statuses = try await Self.withSignedInClients(apps) { clients, cookie in
                try await Self.race(clients, cookie: cookie) { index in
                    // Every key is sent twice, to both instances on PostgreSQL: a double click must not count twice.
                    let key = "race-stock-\(index / 2)-0001"
                    return ("/inventory/\(product.sku)", ["csrf_token": "fixed-token", "idempotency_key": key, "adjustment": "1", "reason": "Recount"])
                }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let now = try #require(try await database.stockLevels(skus: [product.sku]).first)
            #expect(now.onHand == product.onHand + Self.tasks / 2)
            // every acknowledged adjustment is in the ledger once
            await #expect(try database.count(ledger) == entriesBefore + Self.tasks / 2)
            try await Self.expectBooksBalance(database)
        }
    }

    // MARK: - The books

    /// Money never goes out that did not come in, and every stock level is the sum of its ledger.
    static func expectBooksBalance(_ database: any DeskflowDatabase) async throws {
        // every invariant `deskflow check` knows, then the race's own books
        let problems = StoreProblem.report(
            try await database.storeProblems(now: testNow), try await Simulation.setUp(on: database).ledgerProblems())
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        let overRefunded = try await database.count("""
            SELECT COUNT(*) FROM (
                SELECT o.number FROM orders o
                WHERE o.captured_minor < (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = o.id AND status = 'succeeded')
                UNION
                SELECT order_number FROM gateway_transactions GROUP BY order_number
                HAVING SUM(CASE WHEN kind IN ('capture', 'charge') AND succeeded THEN amount_minor ELSE 0 END)
                     < SUM(CASE WHEN kind = 'refund' AND succeeded THEN amount_minor ELSE 0 END)
            ) AS over_refunded
            """)
        #expect(overRefunded == 0, "orders refunded more than was captured")
        let offLedger = try await database.count("""
            SELECT COUNT(*) FROM (
                SELECT s.sku FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku
                GROUP BY s.sku, s.on_hand, s.committed
                HAVING s.on_hand != COALESCE(SUM(l.on_hand_change), 0) OR s.committed != COALESCE(SUM(l.committed_change), 0)
            ) AS off_ledger
            """)
        #expect(offLedger == 0, "stock that is not the sum of its ledger")
    }
}
