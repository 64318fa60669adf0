import Foundation
import Testing

@testable import DeskflowDomain

/// A storefront's order, from the JSON's shape to a placed order: every refusal names its field, and every payment
/// status places the order where the same order would stand had it been taken here.
@Suite("Storefront orders")
struct StorefrontOrderTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let catalog: [String: CatalogProduct] = [
        "MUG-01": CatalogProduct(sku: "MUG-01", name: "Mug", price: Money(minorUnits: 1800, currency: .usd)),
        "TEE-EU": CatalogProduct(sku: "TEE-EU", name: "Tee", price: Money(minorUnits: 2500, currency: .eur)),
    ]

    static func request(_ change: (inout StorefrontOrderRequest) -> Void = { _ in }) -> StorefrontOrderRequest {
        var request = StorefrontOrderRequest(
            number: nil, placedAt: nil, currency: "USD",
            customer: .init(name: "Rosa Diaz", email: "rosa@example.com"),
            shippingAddress: .init(
                name: "Rosa Diaz", line1: "12 Elm St", line2: nil, city: "Springfield", region: "IL", postalCode: "62701",
                country: "us"),
            lines: [.init(sku: "MUG-01", name: nil, quantity: 2, unitPriceMinor: 1800)],
            shippingMinor: 500, taxMinor: 288,
            payment: .init(
                provider: "stripe", reference: "pi_123", method: .init(brand: "Visa", last4: "4242"), status: "paid",
                amountMinor: 4388, failureMessage: nil))
        change(&request)
        return request
    }

    static func refusal(_ request: StorefrontOrderRequest) -> StorefrontRefusal? {
        if case .failure(let refusal) = request.validate(catalog: catalog) { return refusal }
        return nil
    }

    @Test("a valid order: catalog names fill in, the country is upper-cased, totals are the lines plus shipping and tax")
    func valid() throws {
        let order = try Self.request().validate(catalog: Self.catalog).get()
        #expect(order.lines == [LineItem(sku: "MUG-01", name: "Mug", quantity: 2, unitPrice: Money(minorUnits: 1800, currency: .usd))])
        #expect(order.totals.total == Money(minorUnits: 4388, currency: .usd))
        #expect(order.shippingAddress.country == "US")
        #expect(order.payment.source == PaymentSource(provider: .stripe, reference: "pi_123", method: PaymentMethod(brand: "Visa", last4: "4242")))
    }

    @Test(
        "each refusal names the field and says why",
        arguments: [
            (Self.request { $0.number = 0 }, "number", "invalid_field"),
            (Self.request { $0.currency = "usd" }, "currency", "invalid_field"),
            (Self.request { $0.currency = "XYZ" }, "currency", "invalid_field"),
            (Self.request { $0.customer.name = "  " }, "customer.name", "invalid_field"),
            (Self.request { $0.customer.email = "rosa" }, "customer.email", "invalid_field"),
            (Self.request { $0.shippingAddress.postalCode = "" }, "shipping_address.postal_code", "invalid_field"),
            (Self.request { $0.shippingAddress.country = "USA" }, "shipping_address.country", "invalid_field"),
            (Self.request { $0.lines = [] }, "lines", "invalid_field"),
            (Self.request { $0.lines[0].sku = "NOPE" }, "lines[0].sku", "unknown_sku"),
            (Self.request { $0.lines[0].sku = "TEE-EU" }, "lines[0].sku", "currency_mismatch"),
            (Self.request { $0.lines[0].quantity = 0 }, "lines[0].quantity", "invalid_field"),
            (Self.request { $0.lines[0].quantity = -1 }, "lines[0].quantity", "invalid_field"),
            (Self.request { $0.lines[0].quantity = 10_001 }, "lines[0].quantity", "invalid_field"),
            (Self.request { $0.lines[0].unitPriceMinor = -1 }, "lines[0].unit_price_minor", "invalid_field"),
            (Self.request { $0.lines[0].unitPriceMinor = StorefrontOrderRequest.maximumMinorUnits + 1 }, "lines[0].unit_price_minor", "invalid_field"),
            (Self.request { $0.shippingMinor = -500 }, "shipping_minor", "invalid_field"),
            (Self.request { $0.taxMinor = -1 }, "tax_minor", "invalid_field"),
            (Self.request { $0.payment.amountMinor = 4387 }, "payment.amount_minor", "totals_mismatch"),
            (Self.request { $0.payment.amountMinor = 4389 }, "payment.amount_minor", "totals_mismatch"),
            (Self.request { $0.payment.amountMinor = -4388 }, "payment.amount_minor", "invalid_field"),
            (Self.request { $0.payment.provider = "paypal" }, "payment.provider", "invalid_field"),
            (Self.request { $0.payment.reference = nil }, "payment.reference", "invalid_field"),
            (Self.request { $0.payment.reference = "ch_123" }, "payment.reference", "invalid_field"),
            (Self.request { $0.payment.status = "captured" }, "payment.status", "invalid_field"),
            (Self.request { $0.payment.provider = "manual"; $0.payment.status = "authorized" }, "payment.status", "invalid_field"),
            (Self.request { $0.payment.method = .init(brand: "Visa", last4: "42a2") }, "payment.method.last4", "invalid_field"),
            (Self.request { $0.payment.status = "failed" }, "payment.failure_message", "invalid_field"),
        ])
    func refused(request: StorefrontOrderRequest, field: String, code: String) {
        let refusal = Self.refusal(request)
        #expect(refusal?.field == field)
        #expect(refusal?.code == code)
        #expect(refusal?.message.isEmpty == false)
    }

    @Test("money at its edges: zero is an order, the largest amount is one, a cent over is refused")
    func moneyEdges() {
        let free = Self.request {
            $0.lines[0].unitPriceMinor = 0; $0.shippingMinor = 0; $0.taxMinor = 0; $0.payment.amountMinor = 0
        }
        #expect(Self.refusal(free) == nil)
        let largest = StorefrontOrderRequest.maximumMinorUnits
        let biggest = Self.request {
            $0.lines[0].quantity = 1; $0.lines[0].unitPriceMinor = largest; $0.shippingMinor = 0; $0.taxMinor = 0
            $0.payment.amountMinor = largest
        }
        #expect(Self.refusal(biggest) == nil)
        #expect(Self.refusal(Self.request { $0.shippingMinor = largest + 1 })?.field == "shipping_minor")
    }

    @Test(
        "each payment status places the order where it stands, with its rows, timeline and held stock",
        arguments: [
            ("paid", OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: nil), [PaymentKind.charge], [CallState.succeeded], 4388, 4388),
            ("authorized", OrderState(status: .processing, payment: .authorized, fulfillment: .unfulfilled, issue: nil), [.authorization], [.succeeded], 4388, 0),
            ("pending", OrderState(status: .pending, payment: .pending, fulfillment: .unfulfilled, issue: nil), [], [], 0, 0),
            ("failed", OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: .paymentFailed), [.charge], [.failed], 0, 0),
        ] as [(String, OrderState, [PaymentKind], [CallState], Int64, Int64)])
    func placed(status: String, state: OrderState, kinds: [PaymentKind], states: [CallState], authorized: Int64, captured: Int64) throws {
        let order = try Self.request {
            $0.payment.status = status
            $0.payment.failureMessage = status == "failed" ? "Your card was declined." : nil
        }.validate(catalog: Self.catalog).get()
        let placement = Decide.place(order, number: 1301, placedBy: "storefront", now: Self.now, paymentKey: "api-1-k")
        #expect(placement.state == state)
        #expect(placement.state.isPossible)
        #expect(placement.payments.map(\.kind) == kinds)
        #expect(placement.payments.map(\.state) == states)
        #expect(placement.payments.allSatisfy { $0.idempotencyKey == "api-1-k-\($0.kind.rawValue)" })
        #expect(placement.authorized.minorUnits == authorized)
        #expect(placement.captured.minorUnits == captured)
        #expect(placement.events.first?.entry.kind == .orderPlaced)
        #expect(placement.events.first?.actor == "storefront")
        #expect(placement.stock == [StockMovement(sku: "MUG-01", onHandChange: 0, committedChange: 2, reason: "Reserved for order #1301")])
        #expect(placement.placedAt == Self.now)
        if status == "failed" {
            #expect(placement.issue?.message == "Your card was declined.")
            #expect(placement.events.last?.entry.kind == .paymentFailed)
        } else {
            #expect(placement.issue == nil)
        }
    }
}
