import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends queued customer messages: claim, send, record — so a message is never sent twice, even across a crash.
/// Failures are retried with exponential backoff up to the policy's limit, then marked failed with the error.
public struct DeliveryWorker: Sendable {
    let database: AppDatabase
    let composer: EmailComposer
    let transport: any MailTransport
    let policy: RetryPolicy
    let clock: AppClock
    let logger: Logger

    public init(
        database: AppDatabase, composer: EmailComposer, transport: any MailTransport, policy: RetryPolicy = RetryPolicy(),
        clock: AppClock, logger: Logger
    ) {
        self.database = database
        self.composer = composer
        self.transport = transport
        self.policy = policy
        self.clock = clock
        self.logger = logger
    }

    /// Settles messages a previous run left half-sent. Run once before the first delivery.
    public func recover() async throws {
        let count = try await database.recoverInterruptedDeliveries(transportIsIdempotent: transport.isIdempotent, now: clock.now)
        if count > 0 { logger.warning("settled messages interrupted by a restart", metadata: ["count": "\(count)"]) }
    }

    /// How long a claim may stay unrecorded before the worker treats it as interrupted: only a claim whose outcome
    /// could not be written (the database was locked or read-only) gets that old, since the worker sends one at a time.
    static let abandonedClaimAge: TimeInterval = 2 * 60

    /// Sends every message that is due now; returns how many attempts were made.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let abandoned = try await database.recoverInterruptedDeliveries(
            transportIsIdempotent: transport.isIdempotent, now: clock.now,
            claimedBefore: clock.now.addingTimeInterval(-Self.abandonedClaimAge))
        if abandoned > 0 { logger.warning("settled messages whose delivery was never recorded", metadata: ["count": "\(abandoned)"]) }
        var attempts = 0
        while let message = try await database.claimNextMessage(now: clock.now) {
            attempts += 1
            let email = composer.compose(message)
            do {
                try await transport.send(email)
            } catch {
                let reason = (error as? MailTransportError)?.description ?? "\(error)"
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
