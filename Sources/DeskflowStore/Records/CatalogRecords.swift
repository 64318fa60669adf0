import Foundation
import GRDB

struct ProductRecord: SnakeCaseRecord {
    static let databaseTableName = "products"

    var sku: String
    var name: String
    var priceMinor: Int64
    var currency: String
}

struct StockLevelRecord: SnakeCaseRecord {
    static let databaseTableName = "stock_levels"

    var sku: String
    var onHand: Int
    var committed: Int
}

struct InventoryLedgerRecord: SnakeCaseRecord {
    static let databaseTableName = "inventory_ledger"

    var id: Int64?
    var sku: String
    var orderId: Int64?
    var onHandChange: Int
    var committedChange: Int
    var reason: String
    var actor: String
    var createdAt: Date
}

struct CustomerRecord: SnakeCaseRecord {
    static let databaseTableName = "customers"

    var id: Int64?
    var name: String
    var email: String
    var createdAt: Date
}
