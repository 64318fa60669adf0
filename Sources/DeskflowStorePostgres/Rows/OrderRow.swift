import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

/// One `orders` row as stored, decoded by column name (select it with `OrderRow.columns`). The PostgreSQL twin
/// of the SQLite engine's `OrderRecord`, for every part of the engine that reads or writes an order.
struct OrderRow: Sendable {
    static let columns = """
        orders.id, orders.number, orders.placed_at, orders.customer_id, orders.customer_name, orders.customer_email,
        orders.status, orders.payment_status, orders.fulfillment_status, orders.issue_kind, orders.issue_code,
        orders.issue_message, orders.issue_since, orders.issue_attempts, orders.issue_fix_made, orders.currency,
        orders.subtotal_minor, orders.shipping_minor, orders.tax_minor, orders.total_minor, orders.payment_brand,
        orders.payment_last4, orders.authorized_minor, orders.captured_minor, orders.ship_name, orders.ship_line1,
        orders.ship_line2, orders.ship_city, orders.ship_region, orders.ship_postal_code, orders.ship_country,
        orders.tracking_number, orders.cancel_reason, orders.cancel_note, orders.cancelled_at, orders.cancelled_by,
        orders.version, orders.updated_at, orders.payment_provider, orders.payment_reference,
        orders.payment_method_reference, orders.shipping_refunded
        """

    var id: Int64
    var number: Int
    var placedAt: Date
    var customerID: Int64
    var customerName: String
    var customerEmail: String
    var status: OrderStatus
    var paymentStatus: PaymentStatus
    var fulfillmentStatus: FulfillmentStatus
    var issue: OrderIssue?
    var currency: Currency
    var subtotalMinor: Int64
    var shippingMinor: Int64
    var taxMinor: Int64
    var totalMinor: Int64
    var paymentMethod: PaymentMethod?
    var paymentMethodReference: String?
    var authorizedMinor: Int64
    var capturedMinor: Int64
    var shippingAddress: Address
    var trackingNumber: String?
    var cancellation: CancellationRecord?
    var version: Int
    var updatedAt: Date
    var paymentProvider: PaymentProvider
    var paymentReference: String?
    var shippingRefunded: Bool

    init(_ row: PostgresRow) throws {
        try self.init(row.makeRandomAccess())
    }

    init(_ row: PostgresRandomAccessRow) throws {
        do {
            try self.init(columns: row)
        } catch let damaged as CorruptRow {
            throw damaged.located(
                table: "orders", key: try? row.value("id", as: Int64.self),
                orderNumber: try? row.value("number", as: Int.self))
        }
    }

    private init(columns row: PostgresRandomAccessRow) throws {
        id = try row.value("id")
        number = try row.value("number")
        placedAt = try row.value("placed_at")
        customerID = try row.value("customer_id")
        customerName = try row.value("customer_name")
        customerEmail = try row.value("customer_email")
        status = try row.code("status", table: "orders")
        paymentStatus = try row.code("payment_status", table: "orders")
        fulfillmentStatus = try row.code("fulfillment_status", table: "orders")
        updatedAt = try row.value("updated_at")
        if let kind = try row.optionalCode("issue_kind", as: IssueKind.self, table: "orders") {
            issue = OrderIssue(
                kind: kind, code: try row.value("issue_code", as: String?.self) ?? "",
                message: try row.value("issue_message", as: String?.self) ?? "",
                since: try row.value("issue_since", as: Date?.self) ?? updatedAt,
                attempts: try row.value("issue_attempts"), fixMade: try row.value("issue_fix_made"))
        } else {
            issue = nil
        }
        currency = try row.currency("currency", table: "orders")
        subtotalMinor = try row.value("subtotal_minor")
        shippingMinor = try row.value("shipping_minor")
        taxMinor = try row.value("tax_minor")
        totalMinor = try row.value("total_minor")
        if let brand = try row.value("payment_brand", as: String?.self),
            let last4 = try row.value("payment_last4", as: String?.self)
        {
            paymentMethod = PaymentMethod(brand: brand, last4: last4)
        } else {
            paymentMethod = nil
        }
        paymentMethodReference = try row.value("payment_method_reference")
        authorizedMinor = try row.value("authorized_minor")
        capturedMinor = try row.value("captured_minor")
        shippingAddress = Address(
            name: try row.value("ship_name"), line1: try row.value("ship_line1"), line2: try row.value("ship_line2"),
            city: try row.value("ship_city"), region: try row.value("ship_region"),
            postalCode: try row.value("ship_postal_code"), country: try row.value("ship_country"))
        trackingNumber = try row.value("tracking_number")
        if let reason = try row.optionalCode("cancel_reason", as: CancelReason.self, table: "orders"),
            let cancelledAt = try row.value("cancelled_at", as: Date?.self)
        {
            cancellation = CancellationRecord(
                reason: reason, note: try row.value("cancel_note", as: String?.self) ?? "", cancelledAt: cancelledAt,
                cancelledBy: try row.value("cancelled_by", as: String?.self) ?? "")
        } else {
            cancellation = nil
        }
        version = try row.value("version")
        paymentProvider = try row.code("payment_provider", table: "orders")
        paymentReference = try row.value("payment_reference")
        shippingRefunded = try row.value("shipping_refunded")
    }

    func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: currency) }

    /// The row of the orders list.
    var summary: OrderSummary {
        OrderSummary(
            number: number, placedAt: placedAt, customerName: customerName, customerEmail: customerEmail,
            total: money(totalMinor), status: status, paymentStatus: paymentStatus, fulfillmentStatus: fulfillmentStatus,
            issue: issue, version: version, failedRefundID: nil)
    }

    /// The domain order, given its lines and the refund totals that live in their own table.
    func order(
        lines: [LineItem], refunded: Int64, pendingRefunds: Int64, pendingCharges: Int64 = 0, failedRefunds: Int64 = 0
    ) -> Order {
        Order(
            id: id, number: number, placedAt: placedAt,
            status: status, paymentStatus: paymentStatus, fulfillmentStatus: fulfillmentStatus, issue: issue,
            customer: Customer(id: customerID, name: customerName, email: customerEmail),
            shippingAddress: shippingAddress,
            lines: lines,
            totals: OrderTotals(subtotal: money(subtotalMinor), shipping: money(shippingMinor), tax: money(taxMinor)),
            payment: PaymentSummary(
                method: paymentMethod, authorized: money(authorizedMinor), captured: money(capturedMinor),
                refunded: money(refunded), pendingRefunds: money(pendingRefunds), pendingCharges: money(pendingCharges),
                provider: paymentProvider, reference: paymentReference, methodReference: paymentMethodReference,
                failedRefunds: money(failedRefunds)),
            trackingNumber: trackingNumber, cancellation: cancellation, version: version, shippingRefunded: shippingRefunded)
    }
}

extension CorruptRow {
    /// The damaged value, placed in its table and row.
    func located(table: String, key: Int64?, orderNumber: Int? = nil) -> CorruptRow {
        var row = self
        row.table = table
        row.key = key.map(String.init)
        row.orderNumber = row.orderNumber ?? orderNumber
        return row
    }
}
