import DeskflowDomain
import Foundation
import GRDB

struct OrderRecord: SnakeCaseRecord, Identifiable {
    static let databaseTableName = "orders"

    var id: Int64?
    var number: Int
    var placedAt: Date
    var customerId: Int64
    var customerName: String
    var customerEmail: String
    var status: String
    var paymentStatus: String
    var fulfillmentStatus: String
    var issueKind: String?
    var issueCode: String?
    var issueMessage: String?
    var issueSince: Date?
    var issueAttempts: Int
    var currency: String
    var subtotalMinor: Int64
    var shippingMinor: Int64
    var taxMinor: Int64
    var totalMinor: Int64
    var paymentBrand: String?
    var paymentLast4: String?
    var authorizedMinor: Int64
    var capturedMinor: Int64
    var shipName: String
    var shipLine1: String
    var shipLine2: String
    var shipCity: String
    var shipRegion: String
    var shipPostalCode: String
    var shipCountry: String
    var trackingNumber: String?
    var cancelReason: String?
    var cancelNote: String?
    var cancelledAt: Date?
    var cancelledBy: String?
    var version: Int
    var updatedAt: Date

    static let lineItems = hasMany(LineItemRecord.self, using: ForeignKey(["order_id"]))
}

extension OrderRecord {
    var currencyValue: Currency { Currency(code: currency) ?? .usd }

    func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: currencyValue) }

    var issue: OrderIssue? {
        guard let issueKind, let kind = IssueKind(rawValue: issueKind) else { return nil }
        return OrderIssue(
            kind: kind, code: issueCode ?? "", message: issueMessage ?? "", since: issueSince ?? updatedAt,
            attempts: issueAttempts)
    }

    var paymentMethod: PaymentMethod? {
        guard let paymentBrand, let paymentLast4 else { return nil }
        return PaymentMethod(brand: paymentBrand, last4: paymentLast4)
    }

    var shippingAddress: Address {
        Address(
            name: shipName, line1: shipLine1, line2: shipLine2, city: shipCity, region: shipRegion,
            postalCode: shipPostalCode, country: shipCountry)
    }

    var cancellation: CancellationRecord? {
        guard let cancelReason, let reason = CancelReason(rawValue: cancelReason), let cancelledAt else { return nil }
        return CancellationRecord(reason: reason, note: cancelNote ?? "", cancelledAt: cancelledAt, cancelledBy: cancelledBy ?? "")
    }

    /// The domain order, given its lines and the refund totals that live in their own table.
    func order(lines: [LineItemRecord], refunded: Int64, pendingRefunds: Int64, pendingCharges: Int64 = 0) -> Order {
        Order(
            id: id ?? 0, number: number, placedAt: placedAt,
            status: OrderStatus(rawValue: status) ?? .pending,
            paymentStatus: PaymentStatus(rawValue: paymentStatus) ?? .pending,
            fulfillmentStatus: FulfillmentStatus(rawValue: fulfillmentStatus) ?? .unfulfilled,
            issue: issue,
            customer: Customer(id: customerId, name: customerName, email: customerEmail),
            shippingAddress: shippingAddress,
            lines: lines.map { $0.lineItem(currency: currencyValue) },
            totals: OrderTotals(subtotal: money(subtotalMinor), shipping: money(shippingMinor), tax: money(taxMinor)),
            payment: PaymentSummary(
                method: paymentMethod, authorized: money(authorizedMinor), captured: money(capturedMinor),
                refunded: money(refunded), pendingRefunds: money(pendingRefunds), pendingCharges: money(pendingCharges)),
            trackingNumber: trackingNumber, cancellation: cancellation, version: version)
    }
}
