import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// `deskflow check` on PostgreSQL: SQLite's `Checking the store's invariants` expectations, over a small store written
/// by hand (the demo store is not seeded on PostgreSQL yet), each damage reported in SQLite's words.
@Suite("PostgreSQL checking the store's invariants", .postgresServer)
struct PostgresStoreProblemsTests {
    static let now = PostgresStoreFixture.now

    /// One product with stock that agrees with its ledger, and order #1001, paid 1,000 and refunded 400, with its
    /// cancellation event: a store holding every invariant.
    static let soundStore: [PostgresQuery] = [
        "INSERT INTO products (sku, name, price_minor, currency) VALUES ('MUG', 'Mug', 1000, 'USD')",
        "INSERT INTO stock_levels (sku, on_hand, committed) VALUES ('MUG', 5, 0)",
        """
        INSERT INTO inventory_ledger (sku, on_hand_change, committed_change, reason, actor, created_at)
        VALUES ('MUG', 5, 0, 'Opening stock count', 'Store team', \(now))
        """,
        "INSERT INTO customers (id, name, email, created_at) VALUES (1, 'Ana', 'ana@example.com', \(now))",
        """
        INSERT INTO orders (id, number, placed_at, customer_id, customer_name, customer_email, status, payment_status,
            fulfillment_status, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, captured_minor,
            ship_name, ship_line1, ship_city, ship_region, ship_postal_code, ship_country, updated_at)
        VALUES (1, 1001, \(now), 1, 'Ana', 'ana@example.com', 'cancelled', 'partially_refunded', 'unfulfilled', 'USD',
            1000, 0, 0, 1000, 1000, 'Ana', '1 Main St', 'Springfield', 'IL', '62701', 'US', \(now))
        """,
        """
        INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, created_at)
        VALUES (1, 'charge', 1000, 'succeeded', 'charge-1001', \(now))
        """,
        """
        INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at)
        VALUES (1, 400, 'succeeded', 'refund-1001', 'Ana', \(now))
        """,
        """
        INSERT INTO order_events (order_id, kind, actor, summary, created_at)
        VALUES (1, 'order_cancelled', 'Ana', 'Cancelled', \(now))
        """,
    ]

    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        var kind: StoreProblem.Kind
        var detail: String

        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(
            name: "an unknown status", sql: "UPDATE orders SET payment_status = 'shipped' WHERE number = 1001",
            kind: .corrupt, detail: "order #1001: unknown payment_status 'shipped'"),
        Damage(
            name: "an unknown refund status", sql: "UPDATE refunds SET status = 'lost'",
            kind: .corrupt, detail: "refunds row 1: unknown status 'lost'"),
        Damage(
            name: "an unknown role", sql: "INSERT INTO staff_users (id, email, name, role, password_hash, created_at) "
                + "VALUES (7, 'x@example.com', 'X', 'owner', 'h', now())",
            kind: .corrupt, detail: "staff_users row 7: unknown role 'owner'"),
        Damage(
            name: "stock that disagrees with its ledger", sql: "UPDATE stock_levels SET on_hand = on_hand + 1",
            kind: .stock, detail: "SKU MUG: 6 on hand and 0 committed, but its ledger sums to 5 and 0"),
        Damage(
            name: "a refund over its capture", sql: "UPDATE refunds SET amount_minor = 1001",
            kind: .money, detail: "order #1001: refunded 1001 of 1000 captured"),
        Damage(
            name: "a capture over its total", sql: "UPDATE orders SET captured_minor = 1200",
            kind: .money, detail: "order #1001: captured 1200 of a total of 1000"),
        Damage(
            name: "a refund pending for an hour",
            sql: """
                INSERT INTO refunds (order_id, amount_minor, status, idempotency_key, requested_by, created_at)
                VALUES (1, 100, 'pending', 'stuck-refund', 'Test', to_timestamp(\(Int(now.timeIntervalSince1970)) - 3600))
                """,
            kind: .pending,
            detail: "order #1001: refund stuck-refund pending since 2026-11-18 10:06:40.000, still without the provider's answer"),
        Damage(
            name: "a message claimed and never settled",
            sql: """
                INSERT INTO outbox (id, order_id, kind, recipient, subject, body, state, created_at, claimed_at)
                VALUES (9, 1, 'order_shipped', 'ana@example.com', 'S', 'B', 'sending', now(),
                    to_timestamp(\(Int(now.timeIntervalSince1970)) - 3600))
                """,
            kind: .pending, detail: "message 9: claimed for sending and never recorded as sent or failed"),
        Damage(
            name: "a kept count off by one", sql: "UPDATE order_counts SET count = count + 1 WHERE bucket = 'status:processing'",
            kind: .counts, detail: "orders counted under status:processing: kept 1, there are 0"),
        Damage(
            name: "an order cancelled twice",
            sql: """
                INSERT INTO order_events (order_id, kind, actor, summary, created_at)
                SELECT order_id, kind, actor, summary, created_at FROM order_events WHERE kind = 'order_cancelled'
                """,
            kind: .duplicated, detail: "order #1001: 2 “order cancelled” events"),
        Damage(
            name: "a cancellation emailed twice",
            sql: """
                INSERT INTO outbox (order_id, kind, recipient, subject, body, state, attempts, created_at)
                SELECT 1, 'order_cancelled', 'ana@example.com', 'Cancelled', 'Sorry.', 'sent', 1, now()
                FROM generate_series(1, 2)
                """,
            kind: .duplicated, detail: "order #1001: 2 cancellation emails"),
    ]

    static func withSoundStore(_ body: (PostgresStore) async throws -> Void) async throws {
        try await PostgresStoreFixture.withStore { store in
            for statement in soundStore {
                try await store.engine.client.perform(statement, logger: PostgresTestServer.logger)
            }
            try await body(store)
        }
    }

    @Test("an empty store holds every invariant")
    func emptyStoreHolds() async throws {
        try await PostgresStoreFixture.withStore { store in
            let problems = try await store.storeProblems(now: Self.now, pendingLimit: StoreProblem.pendingLimit)
            #expect(problems == [])
        }
    }

    @Test("a sound store holds every invariant")
    func soundStoreHolds() async throws {
        try await Self.withSoundStore { store in
            let problems = try await store.storeProblems(now: Self.now, pendingLimit: StoreProblem.pendingLimit)
            #expect(problems == [], "\(problems)")
        }
    }

    @Test("each kind of damage is reported, in SQLite's words", arguments: damages)
    func damageIsReported(_ damage: Damage) async throws {
        try await Self.withSoundStore { store in
            try await store.engine.client.perform(PostgresQuery(unsafeSQL: damage.sql), logger: PostgresTestServer.logger)

            let problems = try await store.storeProblems(now: Self.now, pendingLimit: StoreProblem.pendingLimit)

            #expect(problems == [StoreProblem(kind: damage.kind, detail: damage.detail)], "\(problems)")
        }
    }

    @Test("a PostgreSQL store is not backed up by Deskflow: the error points to PostgreSQL's tools")
    func backupRefused() async throws {
        try await PostgresStoreFixture.withStore { store in
            let error = await #expect(throws: StoreError.self) {
                try await store.backup(to: "/tmp/copy")
            }
            guard case .backupFailed(let path, let reason) = error else {
                Issue.record("expected .backupFailed, got \(String(describing: error))")
                return
            }
            #expect(path == "/tmp/copy")
            #expect(reason.contains("pg_dump") && reason.contains("point-in-time recovery"), "\(reason)")
        }
    }

    @Test("the store is empty until it holds a product or an order, and is readable either way")
    func emptiness() async throws {
        try await PostgresStoreFixture.withStore { store in
            try await store.ensureReadable()
            #expect(try await store.isStoreEmpty())
            try await store.engine.client.perform(
                "INSERT INTO products (sku, name, price_minor, currency) VALUES ('MUG', 'Mug', 1000, 'USD')",
                logger: PostgresTestServer.logger)
            #expect(try await store.isStoreEmpty() == false)
        }
    }
}
