import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct ProductRecord: DefinedRecord {
    var sku: String
    var name: String
    var priceMinor: Int64
    var currency: Currency

    static let table = TableDefinition<ProductRecord>("products", [
        .init("sku", \.sku, primaryKey: true),
        .init("name", \.name),
        .init("price_minor", \.priceMinor),
        .init("currency", \.currency),
    ])
}

struct StockLevelRecord: DefinedRecord {
    var sku: String
    var onHand: Int
    var committed: Int

    static let table = TableDefinition<StockLevelRecord>("stock_levels", [
        .init("sku", \.sku, primaryKey: true),
        .init("on_hand", \.onHand),
        .init("committed", \.committed),
    ])
}

struct InventoryLedgerRecord: DefinedRecord {
    var id: Int64?
    var sku: String
    var orderId: Int64?
    var onHandChange: Int
    var committedChange: Int
    var reason: String
    var actor: String
    var createdAt: Date

    static let table = TableDefinition<InventoryLedgerRecord>("inventory_ledger", [
        .id(\.id),
        .init("sku", \.sku),
        .init("order_id", \.orderId),
        .init("on_hand_change", \.onHandChange),
        .init("committed_change", \.committedChange),
        .init("reason", \.reason),
        .init("actor", \.actor),
        .init("created_at", \.createdAt),
    ])
}

struct CustomerRecord: DefinedRecord {
    var id: Int64?
    var name: String
    var email: String
    var createdAt: Date

    static let table = TableDefinition<CustomerRecord>("customers", [
        .id(\.id),
        .init("name", \.name),
        .init("email", \.email),
        .init("created_at", \.createdAt),
    ])
}
