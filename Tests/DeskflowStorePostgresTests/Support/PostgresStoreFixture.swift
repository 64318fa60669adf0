import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO

/// A `PostgresStore` on a fresh, fully migrated schema, for the store's method tests.
enum PostgresStoreFixture {
    static let logger = PostgresTestServer.logger
    /// Every test reads time from here, never from the system clock: the moment SQLite's store tests use.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func withStore<Result>(_ body: (PostgresStore) async throws -> Result) async throws -> Result {
        try await withStore { store, _ in try await body(store) }
    }

    /// Two stores on one schema, each with its own pool, as two instances of Deskflow share one database.
    static func withTwoInstances<Result>(
        _ body: (_ instances: [PostgresStore], _ client: PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, schema in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            return try await PostgresEngine.withRunningEngine(
                settings: engine.settings, searchPath: [schema, "public"], logger: logger
            ) { secondEngine in
                let instances = [engine, secondEngine].map { PostgresStore(engine: $0, logger: logger) }
                return try await body(instances, engine.client)
            }
        }
    }

    static func withStore<Result>(
        _ body: (_ store: PostgresStore, _ client: PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServer.withFreshSchema { engine, _ in
            _ = try await PostgresMigrator.store.migrate(engine.client, logger: logger)
            return try await body(PostgresStore(engine: engine, logger: logger), engine.client)
        }
    }

    /// `count` queued customer messages with no order, ids 1 up.
    static func insertQueuedMessages(_ count: Int, _ client: PostgresClient) async throws {
        try await client.perform(
            """
            INSERT INTO outbox (kind, recipient, subject, body, state, created_at)
            SELECT 'order_confirmation', 'ada@example.com', 'Subject ' || n, 'Body', 'queued', \(now)
            FROM generate_series(1, \(count)) AS n ORDER BY n
            """,
            logger: logger)
    }

    static func outboxRow(_ id: Int64, _ client: PostgresClient) async throws -> (state: String, claimedBy: String?)? {
        let rows = try await client.query("SELECT state, claimed_by FROM outbox WHERE id = \(id)", logger: logger)
        for try await row in rows.decode((String, String?).self) { return row }
        return nil
    }
}

extension PostgresStoreFixture {
    static let orderNumber = 1001
    static let staffID: Int64 = 42

    /// Two products with stock, a customer and order 1001 (USD, paid, processing, two lines, captured in full).
    static func insertOrder(_ client: PostgresClient) async throws {
        for statement: PostgresQuery in [
            "INSERT INTO products (sku, name, price_minor, currency) VALUES ('SKU-A', 'Mug', 1000, 'USD'), ('SKU-B', 'Pot', 500, 'USD')",
            "INSERT INTO stock_levels (sku, on_hand, committed) VALUES ('SKU-A', 10, 2), ('SKU-B', 5, 1)",
            "INSERT INTO customers (name, email, created_at) VALUES ('Ada Lovelace', 'ada@example.com', \(now))",
            """
            INSERT INTO orders (
                number, placed_at, customer_id, customer_name, customer_email, status, payment_status, fulfillment_status,
                currency, subtotal_minor, shipping_minor, tax_minor, total_minor, payment_brand, payment_last4,
                authorized_minor, captured_minor, ship_name, ship_line1, ship_city, ship_region, ship_postal_code,
                ship_country, updated_at)
            VALUES (
                \(orderNumber), \(now), (SELECT id FROM customers), 'Ada Lovelace', 'ada@example.com', 'processing', 'paid',
                'unfulfilled', 'USD', 2500, 0, 0, 2500, 'visa', '4242', 2500, 2500, 'Ada Lovelace', '1 Road', 'Town',
                'Region', '1000', 'US', \(now))
            """,
            """
            INSERT INTO line_items (order_id, sku, name, quantity, unit_price_minor)
            VALUES ((SELECT id FROM orders), 'SKU-A', 'Mug', 2, 1000), ((SELECT id FROM orders), 'SKU-B', 'Pot', 1, 500)
            """,
            """
            INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, created_at, completed_at)
            VALUES ((SELECT id FROM orders), 'charge', 2500, 'succeeded', 'seed-charge-1001', \(now), \(now))
            """,
        ] {
            try await client.perform(statement, logger: logger)
        }
    }

    static func request(
        key: String = UUID().uuidString, fingerprint: String = "fingerprint", version: Int = 1, now: Date = now
    ) -> OrderActionRequest {
        OrderActionRequest(
            orderNumber: orderNumber, expectedVersion: version, staffID: staffID, actor: "Maria Manager",
            idempotency: IdempotencyClaim(key: key, staffID: staffID, fingerprint: fingerprint), now: now)
    }

    static func count(_ query: PostgresQuery, _ client: PostgresClient) async throws -> Int {
        try await client.values(query, as: Int.self).first ?? 0
    }
}
