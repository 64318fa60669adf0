import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends the outbox: customer messages by mail, and the storefront's events by webhook. Claim, send, record — so an
/// email is never sent twice, even across a crash, and a webhook arrives at least once with the same event id.
/// Failures are retried with exponential backoff up to the policy's limit, then marked failed with the error.
public struct DeliveryWorker: Sendable {
    let database: any DeskflowDatabase
    let composer: EmailComposer
    let transport: any MailTransport
    /// `nil` when this server has no `--webhook-url`: queued events then wait for a server that has one.
    let webhooks: (any WebhookSender)?
    let policy: RetryPolicy
    let clock: AppClock
    let logger: Logger

    public init(
        database: any DeskflowDatabase, composer: EmailComposer, transport: any MailTransport, webhooks: (any WebhookSender)? = nil,
        policy: RetryPolicy = RetryPolicy(), clock: AppClock, logger: Logger
    ) {
        self.database = database
        self.composer = composer
        self.transport = transport
        self.webhooks = webhooks
        self.policy = policy
        self.clock = clock
        self.logger = logger
    }

    /// Webhooks carry their event's id, so one interrupted after it was sent can safely go again: the storefront drops
    /// the repeat. Email goes again only through a transport that replaces rather than duplicates.
    var resentAfterInterruption: Set<String> { [OutboxMessage.webhookKind] }

    /// Settles messages a previous run left half-sent. Run once before the first delivery.
    public func recover() async throws {
        let count = try await database.recoverInterruptedDeliveries(
            transportIsIdempotent: transport.isIdempotent, alwaysResent: resentAfterInterruption, now: clock.now)
        if count > 0 { logger.warning("settled messages interrupted by a restart", metadata: ["count": "\(count)"]) }
    }

    /// How long a claim may stay unrecorded before the worker treats it as interrupted: only a claim whose outcome
    /// could not be written (the database was locked or read-only) gets that old, since the worker sends one at a time.
    static let abandonedClaimAge: TimeInterval = 2 * 60

    /// Sends every message that is due now; returns how many attempts were made.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let abandoned = try await database.recoverInterruptedDeliveries(
            transportIsIdempotent: transport.isIdempotent, alwaysResent: resentAfterInterruption, now: clock.now,
            claimedBefore: clock.now.addingTimeInterval(-Self.abandonedClaimAge))
        if abandoned > 0 { logger.warning("settled messages whose delivery was never recorded", metadata: ["count": "\(abandoned)"]) }
        var attempts = 0
        let waiting: Set<String> = webhooks == nil ? [OutboxMessage.webhookKind] : []
        while let message = try await database.claimNextMessage(now: clock.now, skipping: waiting) {
            attempts += 1
            do {
                try await send(message)
            } catch {
                let reason = (error as? MailTransportError)?.description ?? (error as? WebhookDeliveryError)?.description ?? "\(error)"
                if let next = policy.nextAttempt(after: message.attempts, now: clock.now) {
                    try await database.recordDelivery(messageID: message.id, .retry(at: next, error: reason), now: clock.now)
                    logger.warning("message not sent; will retry", metadata: ["message": "\(message.id)", "error": "\(reason)"])
                } else {
                    try await database.recordDelivery(messageID: message.id, .failed(error: reason), now: clock.now)
                    logger.error("message failed; giving up", metadata: ["message": "\(message.id)", "error": "\(reason)"])
                }
                continue
            }
            // Sent: if this cannot be written, the claim stays and is settled once it is old, never sent as new.
            try await database.recordDelivery(messageID: message.id, .sent, now: clock.now)
            logger.info("message sent", metadata: ["message": "\(message.id)", "kind": "\(message.kind)"])
        }
        return attempts
    }

    private func send(_ message: OutboxMessage) async throws {
        guard message.kind == OutboxMessage.webhookKind else {
            try await transport.send(composer.compose(message))
            return
        }
        guard let webhooks else { throw WebhookDeliveryError("This server has no --webhook-url to send the event to.") }
        try await webhooks.send(message.body, to: message.recipient)
    }

    /// Delivers, then waits, until the task is cancelled.
    public func run(interval: Duration = .seconds(2)) async throws {
        try await recover()
        while !Task.isCancelled {
            do {
                try await deliverDue()
            } catch {
                logger.error("delivery round failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
