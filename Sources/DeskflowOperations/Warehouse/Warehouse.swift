import DeskflowDomain

/// The port to the warehouse: processing checks an order can be shipped; fulfilling picks, packs and ships it.
public protocol Warehouse: Sendable {
    func process(_ order: Order) async throws -> WarehouseOutcome
    func fulfill(_ order: Order) async throws -> WarehouseOutcome
}
