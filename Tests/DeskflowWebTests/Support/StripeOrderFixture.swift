import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import Testing

/// Orders a storefront placed through the storefront API's own operation, paid through Stripe: the way a Stripe order
/// reaches a store.
enum StripeOrderFixture {
    /// Places an order for two mugs whose Stripe payment (`intent`) was declined at checkout, and returns its number.
    static func placeDeclined(_ database: any DeskflowDatabase, intent: String) async throws -> Int {
        let product = try #require(try await database.catalog(skus: ["MUG-CER-01"])["MUG-CER-01"])
        let total = product.price.minorUnits * 2 + 500
        let body = Data(
            """
            {"currency": "\(product.price.currency.code)",
             "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
             "shipping_address": {"name": "Ada Lovelace", "line1": "12 Analytical Way", "city": "Portland",
                                  "region": "OR", "postal_code": "97201", "country": "US"},
             "lines": [{"sku": "MUG-CER-01", "quantity": 2, "unit_price_minor": \(product.price.minorUnits)}],
             "shipping_minor": 500, "tax_minor": 0,
             "payment": {"provider": "stripe", "reference": "\(intent)", "method": {"brand": "Visa", "last4": "0341"},
                         "status": "failed", "amount_minor": \(total), "failure_message": "Your card was declined."}}
            """.utf8)
        let request = try JSONDecoder().decode(StorefrontOrderRequest.self, from: body)
        let (_, token) = try await StorefrontTokens(database: database, clock: .fixed(testNow)).create(
            name: "storefront", role: .manager)
        let result = try await PlaceStorefrontOrder(database: database, clock: .fixed(testNow), simulatedLedger: nil)
            .place(
                request, body: body, token: token, key: "stripe-fixture-\(intent)"
            ) { document in (201, try OrderDocument.makeEncoder().encode(document)) }
        guard case .success(.placed(let number, _, _)) = result else {
            Issue.record("not placed: \(result)")
            return 0
        }
        return number
    }
}
