import Synchronization

/// Runs a periodic job (payment recovery, housekeeping) on one runner at a time, however many instances share the
/// store. Each instance asks on every round; the one that gets the job runs it, the others skip that round.
public protocol JobCoordination: Sendable {
    /// Runs `body` unless another runner holds `job` now, and then returns `true`; returns `false` at once, without
    /// running it, when one does. An error from `body` is passed on, and the job is let go either way.
    func runExclusively(_ job: String, _ body: @Sendable () async throws -> Void) async throws -> Bool
}

/// Job coordination for a store only one process writes (SQLite): every runner is in this process, so a set of the
/// jobs running now is all it takes to keep a job from overlapping itself (a slow round still going when the next
/// one starts, or the start-up round meeting the periodic one). On PostgreSQL the same port takes a session advisory
/// lock instead, which holds across instances.
public final class InProcessJobCoordination: JobCoordination {
    private let running = Mutex<Set<String>>([])

    public init() {}

    public func runExclusively(_ job: String, _ body: @Sendable () async throws -> Void) async throws -> Bool {
        guard running.withLock({ $0.insert(job).inserted }) else { return false }
        defer { running.withLock { _ = $0.remove(job) } }
        try await body()
        return true
    }
}
