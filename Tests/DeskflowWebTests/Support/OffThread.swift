import Foundation

/// Runs blocking work (a socket read, a child process, a semaphore) on a thread of its own. Swift's cooperative pool
/// has one thread per core, two on the CI machines, and the whole suite shares it: a test that blocks one of them
/// for seconds starves every other test, and the server those tests talk to.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
