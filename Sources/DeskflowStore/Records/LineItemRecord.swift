import DeskflowDomain
import GRDB

struct LineItemRecord: SnakeCaseRecord {
    static let databaseTableName = "line_items"

    var id: Int64?
    var orderId: Int64
    var sku: String
    var name: String
    var quantity: Int
    var unitPriceMinor: Int64

    func lineItem(currency: Currency) -> LineItem {
        LineItem(sku: sku, name: name, quantity: quantity, unitPrice: Money(minorUnits: unitPriceMinor, currency: currency))
    }
}
