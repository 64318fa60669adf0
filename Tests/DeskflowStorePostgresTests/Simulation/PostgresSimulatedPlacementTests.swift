import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// A storefront's order paid through the simulated provider, placed on PostgreSQL: the provider's ledger records the
/// payment in the placement's transaction, so the books agree and a refund is checked against what was taken.
@Suite("PostgreSQL: a storefront order paid through the simulated provider", .postgresServer)
struct PostgresSimulatedPlacementTests {
    typealias F = PostgresSimulationFixture

    static func order(_ store: PostgresStore) async throws -> StorefrontOrder {
        let body = try JSONSerialization.data(withJSONObject: [
            "currency": "USD",
            "customer": ["name": "Ada Lovelace", "email": "ada@example.com"],
            "shipping_address": [
                "name": "Ada Lovelace", "line1": "12 Analytical Way", "city": "Portland", "region": "OR",
                "postal_code": "97201", "country": "US",
            ],
            "lines": [["sku": "SKU-A", "quantity": 2, "unit_price_minor": 1000]],
            "shipping_minor": 500, "tax_minor": 0,
            "payment": [
                "provider": "simulated", "status": "paid", "amount_minor": 2500,
                "method": ["brand": "Visa", "last4": "4242"],
            ],
        ] as [String: Any])
        let request = try JSONDecoder().decode(StorefrontOrderRequest.self, from: body)
        switch request.validate(catalog: try await store.catalog(skus: ["SKU-A"])) {
        case .success(let order): return order
        case .failure(let refusal): throw refusal
        }
    }

    @Test("the placement writes the provider's record of the payment; the books agree; refunds stop at what was taken")
    func placementRecordsTheCharge() async throws {
        try await F.withSimulation { simulation, store, client in
            try await client.perform(
                "INSERT INTO products (sku, name, price_minor, currency) VALUES ('SKU-A', 'Mug', 1000, 'USD')", logger: F.logger)
            try await client.perform(
                "INSERT INTO stock_levels (sku, on_hand, committed) VALUES ('SKU-A', 10, 0)", logger: F.logger)
            try await client.perform(
                """
                INSERT INTO api_tokens (id, name, role, token_hash, created_at)
                VALUES (7, 'storefront', 'manager', 'hash', \(F.now))
                """,
                logger: F.logger)
            let token = APIToken(id: 7, name: "storefront", role: .manager, createdAt: F.now, revokedAt: nil)

            let result = try await store.placeStorefrontOrder(
                StorefrontPlacementRequest(
                    order: try await Self.order(store), token: token, key: "checkout-1", fingerprint: "body", now: F.now,
                    simulatedLedger: simulation.seededPaymentCalls)
            ) { _ in (201, Data()) }
            guard case .placed(let number, _, _) = result else {
                Issue.record("not placed: \(result)")
                return
            }

            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) >= 1)
            #expect(try await F.count(
                "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = \(number) AND succeeded AND kind IN ('charge', 'capture')",
                client) >= 1)
            #expect(try await simulation.ledgerProblems() == [])

            let gateway = simulation.gateway(clock: F.clock)
            #expect(try await gateway.refund(F.call("refund-1", order: number, minor: 2_000)).succeeded)
            #expect(try await gateway.refund(F.call("refund-2", order: number, minor: 501)).failureCode == "amount_too_large")
        }
    }
}
