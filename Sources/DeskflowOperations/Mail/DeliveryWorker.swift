import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends the outbox: customer messages by mail, and the storefront's events by webhook. Claim, send, record — so an
/// email is never sent twice, even across a crash, and a webhook arrives at least once with the same event id.
/// Failures are retried with exponential backoff up to the policy's limit, then marked failed with the error.
public struct DeliveryWorker: Sendable {
    let database: any DeskflowDatabase
    /// This process: its claims carry it, and it records only the outcomes of claims it still holds.
    let instance: InstanceID
    let composer: EmailComposer
    let transport: any MailTransport
    /// `nil` when this server has no `--webhook-url`: queued events then wait for a server that has one.
    let webhooks: (any WebhookSender)?
    let policy: RetryPolicy
    let clock: AppClock
    let logger: Logger

    public init(
        database: any DeskflowDatabase, instance: InstanceID, composer: EmailComposer, transport: any MailTransport,
        webhooks: (any WebhookSender)? = nil, policy: RetryPolicy = RetryPolicy(), clock: AppClock, logger: Logger
    ) {
        self.database = database
        self.instance = instance
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

    /// How long a claim belongs to the instance that took it. A worker sends one message at a time and records it as
    /// soon as the transport answers (a webhook gives up after 10 s), so only a claim whose instance stopped, or could
    /// not write its record (the database was locked or read-only), outlives it; the margin also covers clocks of
    /// several instances that differ by a little. Once it has run out another instance may settle the claim.
    public static let claimLease: TimeInterval = 2 * 60

    /// Settles messages a stopped run left half-sent. Run once before the first delivery. With other instances
    /// possibly sharing the database it takes only claims whose lease ran out, so a claim another live instance is
    /// sending now is left to it.
    public func recover(_ scope: StartupRecovery = .pastLease) async throws {
        let count = try await settleClaims(
            before: scope == .everythingLeft ? .distantFuture : clock.now.addingTimeInterval(-Self.claimLease))
        if count > 0 { logger.warning("settled messages interrupted by a restart", metadata: ["count": "\(count)"]) }
    }

    private func settleExpiredClaims() async throws -> Int {
        try await settleClaims(before: clock.now.addingTimeInterval(-Self.claimLease))
    }

    private func settleClaims(before moment: Date) async throws -> Int {
        try await database.recoverInterruptedDeliveries(
            claimedBefore: moment,
            transportIsIdempotent: transport.isIdempotent, alwaysResent: resentAfterInterruption, now: clock.now)
    }

    /// Sends every message that is due now; returns how many attempts were made.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let abandoned = try await settleExpiredClaims()
        if abandoned > 0 { logger.warning("settled messages whose delivery was never recorded", metadata: ["count": "\(abandoned)"]) }
        var attempts = 0
        let waiting: Set<String> = webhooks == nil ? [OutboxMessage.webhookKind] : []
        while let message = try await database.claimNextMessage(for: instance, now: clock.now, skipping: waiting) {
            attempts += 1
            do {
                try await send(message)
            } catch {
                let reason = (error as? MailTransportError)?.description ?? (error as? WebhookDeliveryError)?.description ?? "\(error)"
                if let next = policy.nextAttempt(after: message.attempts, now: clock.now) {
                    guard try await record(message, .retry(at: next, error: reason)) else { continue }
                    logger.warning("message not sent; will retry", metadata: ["message": "\(message.id)", "error": "\(reason)"])
                } else {
                    guard try await record(message, .failed(error: reason)) else { continue }
                    logger.error("message failed; giving up", metadata: ["message": "\(message.id)", "error": "\(reason)"])
                }
                continue
            }
            // Sent: if this cannot be written, the claim stays and is settled when its lease runs out, never sent as new.
            guard try await record(message, .sent) else { continue }
            logger.info("message sent", metadata: ["message": "\(message.id)", "kind": "\(message.kind)"])
        }
        return attempts
    }

    /// Records the attempt's outcome under this instance's claim. `false`, logged, when the claim was lost: the attempt
    /// outlived the lease and the message was settled or claimed by another instance, whose record stands.
    private func record(_ message: OutboxMessage, _ outcome: DeliveryRecord) async throws -> Bool {
        let recorded = try await database.recordDelivery(messageID: message.id, outcome, by: instance, now: clock.now)
        if !recorded {
            logger.warning(
                "lost the claim on a message before recording its delivery; another instance settled it",
                metadata: ["message": "\(message.id)", "instance": "\(instance)"])
        }
        return recorded
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
    public func run(recovering scope: StartupRecovery = .pastLease, interval: Duration = .seconds(2)) async throws {
        try await recover(scope)
        while !Task.isCancelled {
            do {
                try await deliverDue()
            } catch where !Task.isCancelled {
                logger.error("delivery round failed", metadata: ["error": "\(error)"])
            } catch {
                break  // stopping: the round was cut short, not failed
            }
            try? await Task.sleep(for: interval)
        }
    }
}
