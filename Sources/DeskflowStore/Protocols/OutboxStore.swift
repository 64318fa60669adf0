import Foundation

/// Customer messages and the storefront's webhooks waiting to go out: claims, deliveries and the notifications log.
public protocol OutboxStore: Sendable {
    /// Claims the oldest message that is due for `instance`, marking it `sending` with one more attempt, so no other
    /// worker sends it as well. `skipping` leaves messages of those kinds queued.
    func claimNextMessage(for instance: InstanceID, now: Date, skipping kinds: Set<String>) async throws -> OutboxMessage?

    /// Records the outcome of the attempt `instance`'s claim started. `false` when the claim is no longer its own (the
    /// message was settled or claimed again after the lease ran out): nothing is written then.
    @discardableResult
    func recordDelivery(messageID: Int64, _ outcome: DeliveryRecord, by instance: InstanceID, now: Date) async throws -> Bool

    /// Messages whose claim was taken before `claimedBefore` (its lease ran out) and never recorded: queued again when
    /// the transport can send them twice safely (or their kind is in `alwaysResent`), failed otherwise. Returns how many
    /// were settled.
    func recoverInterruptedDeliveries(
        claimedBefore: Date, transportIsIdempotent: Bool, alwaysResent: Set<String>, now: Date
    ) async throws -> Int

    /// Puts a failed message back in the queue under the form's idempotency key.
    func resendMessage(id: Int64, idempotency: IdempotencyClaim, flash: String, now: Date) async throws -> ResendResult

    /// Messages newest first, optionally in one state; keyset-paged by id.
    func notifications(
        state: DeliveryState?, before: Int64?, limit: Int
    ) async throws -> (items: [NotificationSummary], next: Int64?)

    /// How many messages are in each state; a state with none is absent.
    func notificationCounts() async throws -> [DeliveryState: Int]

    func notification(id: Int64) async throws -> NotificationDetail?
}

extension OutboxStore {
    /// Claims the oldest message that is due, of any kind.
    public func claimNextMessage(for instance: InstanceID, now: Date) async throws -> OutboxMessage? {
        try await claimNextMessage(for: instance, now: now, skipping: [])
    }
}
