import Foundation

/// Looking after the store as a whole: its health, `deskflow check`, backups, seeding, and the storefront's webhooks.
public protocol StoreAdministration: Sendable {
    /// Reads from the database: throws when it cannot be read. The health check's question.
    func ensureReadable() async throws

    /// Every invariant the store keeps, checked over every row whoever wrote it: what `deskflow check` reports.
    /// A call or a delivery waiting longer than `pendingLimit` is stuck.
    func storeProblems(now: Date, pendingLimit: TimeInterval) async throws -> [StoreProblem]

    /// A consistent copy of the live database at `destinationPath`, taken while it keeps serving. Throws
    /// `StoreError.backupFailed` (an engine that backs up with its own tools says which).
    func backup(to destinationPath: String) async throws(StoreError)

    /// Whether the database holds no store yet (no products and no orders).
    func isStoreEmpty() async throws -> Bool

    /// Seeds the deterministic demo store into an empty database, in one transaction. The payment calls its payments
    /// and refunds stand for go to `paymentCallLedger`, in the same transaction.
    func seedDemoStore(
        _ definition: DemoStoreDefinition, now: Date, paymentCallLedger: (any SeededPaymentCallLedger)?
    ) async throws -> SeedSummary

    /// Adds `count` generated orders spread over the two years before `now`, in batches of one transaction each
    /// (`batchSize`, or the engine's own choice), reporting progress after each batch.
    func seedBulkOrders(
        count: Int, definition: DemoStoreDefinition, now: Date, batchSize: Int?,
        paymentCallLedger: (any SeededPaymentCallLedger)?, progress: (_ written: Int) -> Void
    ) async throws

    /// Who runs the periodic jobs (payment recovery, housekeeping): in this process on SQLite, under an advisory lock
    /// on PostgreSQL, so that with several instances each round runs once.
    var jobs: any JobCoordination { get }

    /// The same database, with every order write queueing its storefront events for `endpoint` in the outbox, in the
    /// write's own transaction.
    func sendingWebhooks(to endpoint: String) -> any DeskflowDatabase
}

extension StoreAdministration {
    /// Every invariant, with the usual limit for what counts as stuck.
    public func storeProblems(now: Date) async throws -> [StoreProblem] {
        try await storeProblems(now: now, pendingLimit: StoreProblem.pendingLimit)
    }

    /// Seeds the demo store with Deskflow's side only.
    public func seedDemoStore(_ definition: DemoStoreDefinition, now: Date) async throws -> SeedSummary {
        try await seedDemoStore(definition, now: now, paymentCallLedger: nil)
    }

    /// Adds `count` generated orders with the engine's batch size.
    public func seedBulkOrders(
        count: Int, definition: DemoStoreDefinition, now: Date, batchSize: Int? = nil,
        paymentCallLedger: (any SeededPaymentCallLedger)? = nil
    ) async throws {
        try await seedBulkOrders(
            count: count, definition: definition, now: now, batchSize: batchSize, paymentCallLedger: paymentCallLedger,
            progress: { _ in })
    }
}
