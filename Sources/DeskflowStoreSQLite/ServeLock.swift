import DeskflowStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Proof that this process alone serves an SQLite database: an exclusive `flock` on a file beside it, held until the
/// process ends. The kernel lets go of it when the process dies, however it dies (kill -9 included), so a restarted
/// server takes it at once and knows that every outbox claim and pending payment call it finds was left by a stopped
/// run, not one another server is still working on. Commands that do not serve (check, backup, user) don't take it.
public final class ServeLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The lock file for the database at `databasePath`: beside it, as SQLite's own `-wal` and `-shm` files are.
    public static func lockPath(for databasePath: String) -> String { databasePath + "-serve-lock" }

    /// Takes the serve lock of the database at `databasePath`. A server that was just stopped or killed may take a
    /// moment to be gone, so a held lock is asked for again for up to `patience`; then `StoreError.servedElsewhere`.
    public static func acquire(databasePath: String, patience: Duration = .seconds(3)) async throws -> ServeLock {
        let deadline = ContinuousClock.now + patience
        while true {
            let attempt = Result { () throws(StoreError) -> ServeLock in try tryAcquire(databasePath: databasePath) }
            if case .failure(.servedElsewhere) = attempt, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                continue
            }
            return try attempt.get()
        }
    }

    /// Takes the serve lock of the database at `databasePath`, or throws `StoreError.servedElsewhere` at once when
    /// another live process holds it.
    public static func tryAcquire(databasePath: String) throws(StoreError) -> ServeLock {
        let path = lockPath(for: databasePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            if reason == EWOULDBLOCK { throw StoreError.servedElsewhere(path: databasePath) }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(reason)))
        }
        return ServeLock(descriptor: descriptor)
    }
}
