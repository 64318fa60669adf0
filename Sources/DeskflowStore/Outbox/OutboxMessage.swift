import Foundation

/// A customer message as the delivery worker sees it.
public struct OutboxMessage: Hashable, Sendable {
    /// The outbox kind of a storefront event; its subject is the event's type.
    public static let webhookKind = "webhook"

    public var id: Int64
    public var orderNumber: Int?
    public var kind: String
    public var recipient: String
    public var customerName: String?
    /// Where answers go, when not to the store's sender (a support request: the manager who asked).
    public var replyTo: String?
    public var subject: String
    public var body: String
    /// Attempts so far, including the one just claimed.
    public var attempts: Int
    public var createdAt: Date

    package init(
        id: Int64, orderNumber: Int? = nil, kind: String, recipient: String, customerName: String? = nil,
        replyTo: String? = nil, subject: String, body: String, attempts: Int, createdAt: Date
    ) {
        self.id = id
        self.orderNumber = orderNumber
        self.kind = kind
        self.recipient = recipient
        self.customerName = customerName
        self.replyTo = replyTo
        self.subject = subject
        self.body = body
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

public enum DeliveryState: String, CaseIterable, Sendable {
    case queued, sending, sent, failed
}

/// What became of one delivery attempt.
public enum DeliveryRecord: Sendable {
    case sent
    case retry(at: Date, error: String)
    case failed(error: String)
}

public enum ResendResult: Sendable, Equatable {
    case queued
    /// The same form was sent before: what it answered then.
    case replayed(flash: String?)
    /// Only a message that failed can be resent.
    case notFailed
}
