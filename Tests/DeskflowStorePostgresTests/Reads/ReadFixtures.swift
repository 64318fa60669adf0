import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Logging
import PostgresNIO

/// Rows for the read tests, written with plain SQL on a migrated schema: orders placed a minute apart from
/// `ReadFixtures.start`, so "newest first" is known, with their customers, products, refunds, payments and messages.
struct ReadFixtures {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let client: PostgresClient
    let logger = PostgresTestServer.logger

    /// The store on a freshly migrated schema.
    static func withStore<Result>(
        _ body: (PostgresStore, ReadFixtures) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            try await PostgresMigrator.store.migrate(engine.client, logger: PostgresTestServer.logger)
            let store = PostgresStore(engine: engine, logger: PostgresTestServer.logger)
            return try await body(store, ReadFixtures(client: engine.client))
        }
    }

    /// The moment order `minute` minutes after `start`.
    static func at(minute: Int) -> Date { start.addingTimeInterval(Double(minute) * 60) }

    /// Inserts an order (and its customer); `placedMinute` orders placing, `issueMinute` the open issue's start.
    func order(
        _ number: Int, placedMinute: Int, name: String = "Ada Lovelace", email: String = "ada@example.com",
        status: String = "processing", issue: String? = nil, issueMinute: Int? = nil, total: Int64 = 1_000,
        currency: String = "EUR"
    ) async throws {
        let placedAt = Self.at(minute: placedMinute)
        let issueSince = issueMinute.map(Self.at(minute:))
        try await client.perform("""
            WITH customer AS (
                INSERT INTO customers (name, email, created_at) VALUES (\(name), \(email), \(placedAt)) RETURNING id
            )
            INSERT INTO orders (
                number, placed_at, customer_id, customer_name, customer_email, status, payment_status,
                fulfillment_status, issue_kind, issue_code, issue_message, issue_since, currency, subtotal_minor,
                shipping_minor, tax_minor, total_minor, payment_brand, payment_last4, ship_name, ship_line1, ship_city,
                ship_region, ship_postal_code, ship_country, updated_at
            )
            SELECT \(number), \(placedAt), id, \(name), \(email), \(status), 'paid', 'unfulfilled', \(issue),
                'code', 'message', \(issueSince), \(currency), \(total), 0, 0, \(total), 'visa', '4242', \(name),
                '1 Road', 'Town', 'Region', '1000', 'NL', \(placedAt)
            FROM customer
            """, logger: logger)
    }

    /// Inserts `count` orders numbered from `first`, placed a minute apart, all for one customer, in one statement.
    func manyOrders(first: Int, count: Int, name: String, email: String) async throws {
        try await client.perform("""
            WITH customer AS (
                INSERT INTO customers (name, email, created_at) VALUES (\(name), \(email), \(Self.start)) RETURNING id
            )
            INSERT INTO orders (
                number, placed_at, customer_id, customer_name, customer_email, status, payment_status,
                fulfillment_status, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, ship_name,
                ship_line1, ship_city, ship_region, ship_postal_code, ship_country, updated_at
            )
            SELECT n, \(Self.start) + (n * interval '1 minute'), customer.id, \(name), \(email), 'processing', 'paid',
                'unfulfilled', 'EUR', 100, 0, 0, 100, \(name), '1 Road', 'Town', 'Region', '1000', 'NL', \(Self.start)
            FROM customer, generate_series(\(first), \(first + count - 1)) AS n
            """, logger: logger)
    }

    func product(_ sku: String, name: String, priceMinor: Int64 = 1_500, onHand: Int = 10, committed: Int = 0) async throws {
        try await client.perform(
            "INSERT INTO products (sku, name, price_minor, currency) VALUES (\(sku), \(name), \(priceMinor), 'EUR')",
            logger: logger)
        try await client.perform(
            "INSERT INTO stock_levels (sku, on_hand, committed) VALUES (\(sku), \(onHand), \(committed))",
            logger: logger)
    }

    /// Inserts a refund of order `number`; returns its id.
    @discardableResult
    func refund(
        order number: Int, amount: Int64, status: String, key: String, minute: Int, reason: String? = nil
    ) async throws -> Int64 {
        try await client.values("""
            INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at, reason)
            SELECT id, \(amount), \(status), \(key), 'staff', \(Self.at(minute: minute)), \(reason)
            FROM orders WHERE number = \(number) RETURNING id
            """, as: Int64.self, logger: logger)[0]
    }

    func payment(order number: Int, kind: String, amount: Int64, status: String, key: String, minute: Int) async throws {
        try await client.perform("""
            INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, created_at)
            SELECT id, \(kind), \(amount), \(status), \(key), \(Self.at(minute: minute)) FROM orders WHERE number = \(number)
            """, logger: logger)
    }

    /// Inserts a message, of order `number` when given; returns its id.
    @discardableResult
    func message(order number: Int? = nil, state: String, subject: String, minute: Int) async throws -> Int64 {
        try await client.values("""
            INSERT INTO outbox (order_id, kind, recipient, subject, body, state, attempts, created_at, reply_to)
            VALUES (
                (SELECT id FROM orders WHERE number = \(number)), 'order_shipped', 'ada@example.com', \(subject),
                'Body', \(state), 1, \(Self.at(minute: minute)), 'shop@example.com'
            ) RETURNING id
            """, as: Int64.self, logger: logger)[0]
    }
}
