import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

/// One row of `orders` as the PostgreSQL engine reads it: the SQLite engine's `OrderRecord`, decoded from a
/// `SELECT \(OrderRow.columns)`. Shared by the reads (the list, the order page) and the writes (order snapshots).
struct OrderRow: Sendable {
    var id: Int64
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
    var shippingRefunded: Bool
    var issueFixMade: Bool

    /// Every column the row is read from, for a `SELECT` (a prefix such as `o.` names the table's alias).
    static func columns(prefix: String = "") -> String {
        columnNames.map { prefix + $0 }.joined(separator: ", ")
    }

    static let columnNames = [
        "id", "number", "placed_at", "customer_id", "customer_name", "customer_email", "status", "payment_status",
        "fulfillment_status", "issue_kind", "issue_code", "issue_message", "issue_since", "issue_attempts", "currency",
        "subtotal_minor", "shipping_minor", "tax_minor", "total_minor", "payment_brand", "payment_last4",
        "authorized_minor", "captured_minor", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region",
        "ship_postal_code", "ship_country", "tracking_number", "cancel_reason", "cancel_note", "cancelled_at",
        "cancelled_by", "version", "updated_at", "payment_provider", "payment_reference", "payment_method_reference",
        "shipping_refunded", "issue_fix_made",
    ]

    init(_ row: PostgresRandomAccessRow) throws {
        number = try row.int("number")
        let table = "orders"
        id = try row.value("id")
        placedAt = try row.value("placed_at")
        customerId = try row.value("customer_id")
        customerName = try row.value("customer_name")
        customerEmail = try row.value("customer_email")
        status = try row.code("status", table: table, orderNumber: number)
        paymentStatus = try row.code("payment_status", table: table, orderNumber: number)
        fulfillmentStatus = try row.code("fulfillment_status", table: table, orderNumber: number)
        issueKind = try row.optionalCode("issue_kind", table: table, orderNumber: number)
        issueCode = try row.value("issue_code")
        issueMessage = try row.value("issue_message")
        issueSince = try row.value("issue_since")
        issueAttempts = try row.int("issue_attempts")
        currency = try row.currency("currency", table: table, orderNumber: number)
        subtotalMinor = try row.value("subtotal_minor")
        shippingMinor = try row.value("shipping_minor")
        taxMinor = try row.value("tax_minor")
        totalMinor = try row.value("total_minor")
        paymentBrand = try row.value("payment_brand")
        paymentLast4 = try row.value("payment_last4")
        authorizedMinor = try row.value("authorized_minor")
        capturedMinor = try row.value("captured_minor")
        shipName = try row.value("ship_name")
        shipLine1 = try row.value("ship_line1")
        shipLine2 = try row.value("ship_line2")
        shipCity = try row.value("ship_city")
        shipRegion = try row.value("ship_region")
        shipPostalCode = try row.value("ship_postal_code")
        shipCountry = try row.value("ship_country")
        trackingNumber = try row.value("tracking_number")
        cancelReason = try row.optionalCode("cancel_reason", table: table, orderNumber: number)
        cancelNote = try row.value("cancel_note")
        cancelledAt = try row.value("cancelled_at")
        cancelledBy = try row.value("cancelled_by")
        version = try row.int("version")
        updatedAt = try row.value("updated_at")
        paymentProvider = try row.code("payment_provider", table: table, orderNumber: number)
        paymentReference = try row.value("payment_reference")
        paymentMethodReference = try row.value("payment_method_reference")
        shippingRefunded = try row.value("shipping_refunded")
        issueFixMade = try row.value("issue_fix_made")
    }
}

extension OrderRow {
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
        return CancellationRecord(
            reason: cancelReason, note: cancelNote ?? "", cancelledAt: cancelledAt, cancelledBy: cancelledBy ?? "")
    }

    /// The row of the orders list.
    var summary: OrderSummary {
        OrderSummary(
            number: number, placedAt: placedAt, customerName: customerName, customerEmail: customerEmail,
            total: money(totalMinor), status: status, paymentStatus: paymentStatus, fulfillmentStatus: fulfillmentStatus,
            issue: issue, version: version, failedRefundID: nil)
    }
}
