import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct OrderRecord: DefinedRecord, Identifiable {
    var id: Int64?
    var number: Int
    var placedAt: Date
    var customerId: Int64
    var customerName: String
    var customerEmail: String
    var status: OrderStatus
    var paymentStatus: PaymentStatus
    var fulfillmentStatus: FulfillmentStatus
    var issueKind: IssueKind?
    var issueCode: String?
    var issueMessage: String?
    var issueSince: Date?
    var issueAttempts: Int
    var currency: Currency
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
    var cancelReason: CancelReason?
    var cancelNote: String?
    var cancelledAt: Date?
    var cancelledBy: String?
    var version: Int
    var updatedAt: Date
    var paymentProvider: PaymentProvider
    var paymentReference: String?
    var paymentMethodReference: String?
    var shippingRefunded = false
    var issueFixMade: Bool = false

    static let lineItems = hasMany(LineItemRecord.self, using: ForeignKey(["order_id"]))

    static let table = TableDefinition<OrderRecord>("orders", [
        .id(\.id),
        .init("number", \.number),
        .init("placed_at", \.placedAt),
        .init("customer_id", \.customerId),
        .init("customer_name", \.customerName),
        .init("customer_email", \.customerEmail),
        .init("status", \.status),
        .init("payment_status", \.paymentStatus),
        .init("fulfillment_status", \.fulfillmentStatus),
        .init("issue_kind", \.issueKind),
        .init("issue_code", \.issueCode),
        .init("issue_message", \.issueMessage),
        .init("issue_since", \.issueSince),
        .init("issue_attempts", \.issueAttempts),
        .init("currency", \.currency),
        .init("subtotal_minor", \.subtotalMinor),
        .init("shipping_minor", \.shippingMinor),
        .init("tax_minor", \.taxMinor),
        .init("total_minor", \.totalMinor),
        .init("payment_brand", \.paymentBrand),
        .init("payment_last4", \.paymentLast4),
        .init("authorized_minor", \.authorizedMinor),
        .init("captured_minor", \.capturedMinor),
        .init("ship_name", \.shipName),
        .init("ship_line1", \.shipLine1),
        .init("ship_line2", \.shipLine2),
        .init("ship_city", \.shipCity),
        .init("ship_region", \.shipRegion),
        .init("ship_postal_code", \.shipPostalCode),
        .init("ship_country", \.shipCountry),
        .init("tracking_number", \.trackingNumber),
        .init("cancel_reason", \.cancelReason),
        .init("cancel_note", \.cancelNote),
        .init("cancelled_at", \.cancelledAt),
        .init("cancelled_by", \.cancelledBy),
        .init("version", \.version),
        .init("updated_at", \.updatedAt),
        .init("payment_provider", \.paymentProvider),
        .init("payment_reference", \.paymentReference),
        .init("payment_method_reference", \.paymentMethodReference),
        .init("shipping_refunded", \.shippingRefunded),
        .init("issue_fix_made", \.issueFixMade),
    ])
}

extension OrderRecord {
    func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: currency) }

    var issue: OrderIssue? {
        guard let issueKind else { return nil }
        return OrderIssue(
            kind: issueKind, code: issueCode ?? "", message: issueMessage ?? "", since: issueSince ?? updatedAt,
            attempts: issueAttempts, fixMade: issueFixMade)
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
        guard let cancelReason, let cancelledAt else { return nil }
        return CancellationRecord(reason: cancelReason, note: cancelNote ?? "", cancelledAt: cancelledAt, cancelledBy: cancelledBy ?? "")
    }

    /// The domain order, given its lines and the refund totals that live in their own table.
    func order(
        lines: [LineItemRecord], refunded: Int64, pendingRefunds: Int64, pendingCharges: Int64 = 0, failedRefunds: Int64 = 0
    ) -> Order {
        Order(
            id: id ?? 0, number: number, placedAt: placedAt,
            status: status, paymentStatus: paymentStatus, fulfillmentStatus: fulfillmentStatus, issue: issue,
            customer: Customer(id: customerId, name: customerName, email: customerEmail),
            shippingAddress: shippingAddress,
            lines: lines.map { $0.lineItem(currency: currency) },
            totals: OrderTotals(subtotal: money(subtotalMinor), shipping: money(shippingMinor), tax: money(taxMinor)),
            payment: PaymentSummary(
                method: paymentMethod, authorized: money(authorizedMinor), captured: money(capturedMinor),
                refunded: money(refunded), pendingRefunds: money(pendingRefunds), pendingCharges: money(pendingCharges),
                provider: paymentProvider, reference: paymentReference, methodReference: paymentMethodReference,
                failedRefunds: money(failedRefunds)),
            trackingNumber: trackingNumber, cancellation: cancellation, version: version, shippingRefunded: shippingRefunded)
    }
}
