import DeskflowDomain
import DeskflowStore
import Foundation
import PostgresNIO

/// Decoding helpers for rows read by column name. A text column that must name a known case and does not throws
/// `CorruptRow` naming the column and value; the caller adds the table and key it knows (`CorruptRow.located(table:key:)`).
extension PostgresRandomAccessRow {
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }

    /// A text column naming a case of `Value`.
    func named<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        let text = try value(column, as: String.self)
        guard let named = Value(rawValue: text) else { throw CorruptRow(table: "", column: column, value: text, key: nil, orderNumber: nil) }
        return named
    }

    func named<Value: RawRepresentable>(_ column: String, as type: Value?.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try value(column, as: String?.self) else { return nil }
        guard let named = Value(rawValue: text) else { throw CorruptRow(table: "", column: column, value: text, key: nil, orderNumber: nil) }
        return named
    }

    func currency(_ column: String) throws -> Currency {
        let code = try value(column, as: String.self)
        guard let currency = Currency(code: code) else { throw CorruptRow(table: "", column: column, value: code, key: nil, orderNumber: nil) }
        return currency
    }
}

/// One `orders` row as stored, decoded by column name (select it with `StoredOrderRow.columns`). The PostgreSQL twin
/// of the SQLite engine's `OrderRecord`, for every part of the engine that reads or writes an order.
struct StoredOrderRow: Sendable {
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
        let row = row.makeRandomAccess()
        do {
            try self.init(row)
        } catch let damaged as CorruptRow {
            throw damaged.located(
                table: "orders", key: try? row.value("id", as: Int64.self),
                orderNumber: try? row.value("number", as: Int.self))
        }
    }

    private init(_ row: PostgresRandomAccessRow) throws {
        id = try row.value("id")
        number = try row.value("number")
        placedAt = try row.value("placed_at")
        customerID = try row.value("customer_id")
        customerName = try row.value("customer_name")
        customerEmail = try row.value("customer_email")
        status = try row.named("status")
        paymentStatus = try row.named("payment_status")
        fulfillmentStatus = try row.named("fulfillment_status")
        updatedAt = try row.value("updated_at")
        if let kind = try row.named("issue_kind", as: IssueKind?.self) {
            issue = OrderIssue(
                kind: kind, code: try row.value("issue_code", as: String?.self) ?? "",
                message: try row.value("issue_message", as: String?.self) ?? "",
                since: try row.value("issue_since", as: Date?.self) ?? updatedAt,
                attempts: try row.value("issue_attempts"), fixMade: try row.value("issue_fix_made"))
        } else {
            issue = nil
        }
        currency = try row.currency("currency")
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
        if let reason = try row.named("cancel_reason", as: CancelReason?.self),
            let cancelledAt = try row.value("cancelled_at", as: Date?.self)
        {
            cancellation = CancellationRecord(
                reason: reason, note: try row.value("cancel_note", as: String?.self) ?? "", cancelledAt: cancelledAt,
                cancelledBy: try row.value("cancelled_by", as: String?.self) ?? "")
        } else {
            cancellation = nil
        }
        version = try row.value("version")
        paymentProvider = try row.named("payment_provider")
        paymentReference = try row.value("payment_reference")
        shippingRefunded = try row.value("shipping_refunded")
    }

    func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: currency) }

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
