import DeskflowDomain
import GRDB

struct LineItemRecord: DefinedRecord {
    var id: Int64?
    var orderId: Int64
    var sku: String
    var name: String
    var quantity: Int
    var unitPriceMinor: Int64
    var refundedQuantity = 0

    static let table = TableDefinition<LineItemRecord>("line_items", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("sku", \.sku),
        .init("name", \.name),
        .init("quantity", \.quantity),
        .init("unit_price_minor", \.unitPriceMinor),
        .init("refunded_quantity", \.refundedQuantity),
    ])

    func lineItem(currency: Currency) -> LineItem {
        LineItem(
            sku: sku, name: name, quantity: quantity, unitPrice: Money(minorUnits: unitPriceMinor, currency: currency),
            refundedQuantity: refundedQuantity)
    }
}
