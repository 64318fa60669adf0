import DeskflowDomain
import Foundation

/// Who acts on which order, at which version, under which idempotency key.
public struct OrderActionRequest: Sendable {
    public var orderNumber: Int
    public var expectedVersion: Int
    public var staffID: Int64
    public var actor: String
    public var idempotency: IdempotencyClaim
    public var now: Date

    public init(orderNumber: Int, expectedVersion: Int, staffID: Int64, actor: String, idempotency: IdempotencyClaim, now: Date) {
        self.orderNumber = orderNumber
        self.expectedVersion = expectedVersion
        self.staffID = staffID
        self.actor = actor
        self.idempotency = idempotency
        self.now = now
    }
}

public enum OrderActionResult: Sendable {
    /// The change was written; `before` is the order as it stood when it was decided.
    case applied(before: OrderSnapshot, change: OrderChange)
    /// The same key was sent before: nothing was written, and this is what the first request was told.
    case replayed(flash: String?)
}

/// An outside system's answer (provider, warehouse), recorded against an order.
public struct OutcomeRequest: Sendable {
    public var orderNumber: Int
    public var actor: String
    public var now: Date
    /// The manager's form the answer finishes, whose flash a repeat of the same key is then told.
    public var flash: (key: String, text: String)?

    public init(orderNumber: Int, actor: String, now: Date, flash: (key: String, text: String)? = nil) {
        self.orderNumber = orderNumber
        self.actor = actor
        self.now = now
        self.flash = flash
    }
}
