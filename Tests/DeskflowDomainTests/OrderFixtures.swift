import Foundation

@testable import DeskflowDomain

extension Order {
    static func fixture(
        number: Int = 1001,
        status: OrderStatus = .processing,
        payment: PaymentStatus = .paid,
        fulfillment: FulfillmentStatus = .unfulfilled,
        issue: IssueKind? = nil,
        captured: Int64 = 5200,
        refunded: Int64 = 0,
        pendingRefunds: Int64 = 0
    ) -> Order {
        let usd = { (cents: Int64) in Money(minorUnits: cents, currency: .usd) }
        let lines = [LineItem(sku: "MUG-01", name: "Mug", quantity: 2, unitPrice: usd(2000))]
        return Order(
            id: 1, number: number, placedAt: Date(timeIntervalSince1970: 1_790_000_000),
            status: status, paymentStatus: payment, fulfillmentStatus: fulfillment,
            issue: issue.map {
                OrderIssue(kind: $0, code: "x", message: "Failed", since: Date(timeIntervalSince1970: 1_790_000_000), attempts: 1)
            },
            customer: Customer(id: 1, name: "Jane Doe", email: "jane@example.com"),
            shippingAddress: Address(name: "Jane Doe", line1: "1 Main St", city: "Springfield", region: "IL", postalCode: "62701", country: "US"),
            lines: lines, totals: .forLines(lines, shipping: usd(800), tax: usd(400)),
            payment: PaymentSummary(
                method: PaymentMethod(brand: "Visa", last4: "4242"), authorized: usd(captured), captured: usd(captured),
                refunded: usd(refunded), pendingRefunds: usd(pendingRefunds)),
            trackingNumber: nil, cancellation: nil, version: 1)
    }
}
