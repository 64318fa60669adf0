import Foundation

/// A customer message as the notifications log shows it.
public struct NotificationSummary: Hashable, Sendable {
    public var id: Int64
    public var orderNumber: Int?
    public var kind: String
    public var recipient: String
    public var subject: String
    public var state: DeliveryState
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    public var nextAttemptAt: Date?

    package init(
        id: Int64, orderNumber: Int? = nil, kind: String, recipient: String, subject: String, state: DeliveryState,
        attempts: Int, lastError: String? = nil, createdAt: Date, sentAt: Date? = nil, nextAttemptAt: Date? = nil
    ) {
        self.id = id
        self.orderNumber = orderNumber
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.nextAttemptAt = nextAttemptAt
    }
}

public struct NotificationDetail: Hashable, Sendable {
    public var summary: NotificationSummary
    public var message: OutboxMessage

    package init(summary: NotificationSummary, message: OutboxMessage) {
        self.summary = summary
        self.message = message
    }
}
