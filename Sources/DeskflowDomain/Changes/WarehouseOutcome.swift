/// What the warehouse answered to processing or fulfilling an order. The warehouse port returns it, and the
/// domain decides from it.
public enum WarehouseOutcome: Hashable, Sendable {
    case accepted
    case shipped(trackingNumber: String)
    case failed(code: String, message: String)
}
