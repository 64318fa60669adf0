import DeskflowDomain

/// What the warehouse answered.
public enum WarehouseOutcome: Hashable, Sendable {
    case accepted
    case shipped(trackingNumber: String)
    case failed(code: String, message: String)
}

/// The port to the warehouse: processing checks an order can be shipped; fulfilling picks, packs and ships it.
public protocol Warehouse: Sendable {
    func process(_ order: Order) async throws -> WarehouseOutcome
    func fulfill(_ order: Order) async throws -> WarehouseOutcome
}
