import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import DeskflowStoreSQLite
import Foundation
import Testing

/// A real store with real migrations, holding the demo catalog, a manager, and orders a storefront placed through the
/// storefront API's own operation, paid through Stripe.
struct StripeStore {
    static let now = Date(timeIntervalSince1970: 1_795_780_800)
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let database: any DeskflowDatabase
    let staff: StaffUser

    static func make() async throws -> StripeStore {
        let database: any DeskflowDatabase = try SQLiteStore.temporary()
        let definition = try DemoStoreDefinition.load(
            from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
        _ = try await database.seedDemoStore(definition, now: now)
        let staff = try await database.addStaffUser(
            email: "maria@example.com", name: "Maria Manager", role: .manager, passwordHash: "not used here", now: now)
        return StripeStore(database: database, staff: staff)
    }

    /// Places an order for two mugs and shipping, paid (or not) at checkout as `payment` says, and returns it as
    /// placed. `amount` is what the payment must come to.
    func place(
        provider: String = "stripe", reference: String? = "pi_3Checkout", status: String = "paid",
        failure: String? = nil
    ) async throws -> Order {
        let product = try #require(try await database.catalog(skus: ["MUG-CER-01"])["MUG-CER-01"])
        let total = product.price.minorUnits * 2 + 500
        var payment: [String: Any] = [
            "provider": provider, "status": status, "amount_minor": total,
            "method": ["brand": "Visa", "last4": "4242"],
        ]
        if let reference { payment["reference"] = reference }
        if let failure { payment["failure_message"] = failure }
        let body = try JSONSerialization.data(
            withJSONObject: [
                "currency": product.price.currency.code,
                "customer": ["name": "Ada Lovelace", "email": "ada@example.com"],
                "shipping_address": [
                    "name": "Ada Lovelace", "line1": "12 Analytical Way", "city": "Portland", "region": "OR",
                    "postal_code": "97201",
                    "country": "US",
                ],
                "lines": [["sku": "MUG-CER-01", "quantity": 2, "unit_price_minor": product.price.minorUnits]],
                "shipping_minor": 500, "tax_minor": 0, "payment": payment,
            ] as [String: Any])
        let request = try JSONDecoder().decode(StorefrontOrderRequest.self, from: body)
        let (_, token) = try await StorefrontTokens(database: database, clock: .fixed(Self.now)).create(
            name: "storefront", role: .manager)
        let result = try await PlaceStorefrontOrder(database: database, clock: .fixed(Self.now), simulatedLedger: nil)
            .place(
                request, body: body, token: token, key: UUID().uuidString
            ) { document in (201, try OrderDocument.makeEncoder().encode(document)) }
        guard case .success(.placed(let number, _, _)) = result else {
            Issue.record("not placed: \(result)")
            throw PlacementFailed()
        }
        return try await detail(number).order
    }

    struct PlacementFailed: Error {}

    func detail(_ number: Int) async throws -> OrderDetail {
        try #require(try await database.orderDetail(number: number))
    }

    /// A cancellation refunding `amount` (as typed), restocking, without an email.
    static func cancellation(refunding amount: String) -> CancellationForm {
        CancellationForm(
            refundAmount: amount, issueRefund: true, restock: true, notifyCustomer: false, reason: "customer", note: "")
    }
}
