import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("The SQLite serve lock")
    struct ServeLocks {
        static func databasePath() throws -> String {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskflow-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder.appendingPathComponent("deskflow.sqlite").path
        }

        @Test("a second server on the same database is refused in one line while the first holds it, and takes it after")
        func oneServerAtATime() throws {
            let path = try Self.databasePath()
            var first: ServeLock? = try ServeLock.tryAcquire(databasePath: path)

            #expect(throws: StoreError.servedElsewhere(path: path)) { try ServeLock.tryAcquire(databasePath: path) }
            #expect(StoreError.servedElsewhere(path: path).description.contains("another deskflow serve is already serving"))

            withExtendedLifetime(first) {}
            first = nil
            _ = try ServeLock.tryAcquire(databasePath: path)
        }

        @Test("a server starting while the last one is still going away waits for it, then takes the lock")
        func waitsForAStoppingServer() async throws {
            let path = try Self.databasePath()
            var stopping: ServeLock? = try ServeLock.tryAcquire(databasePath: path)
            await #expect(throws: StoreError.servedElsewhere(path: path)) {
                try await ServeLock.acquire(databasePath: path, patience: .zero)
            }
            let (taken, takenNow) = AsyncStream<ServeLock>.makeStream()
            Task {
                if let lock = try? await ServeLock.acquire(databasePath: path, patience: .seconds(600)) { takenNow.yield(lock) }
                takenNow.finish()
            }
            withExtendedLifetime(stopping) {}
            stopping = nil
            var next = taken.makeAsyncIterator()
            #expect(await next.next() != nil)
        }

        @Test("servers on different databases do not stand in each other's way")
        func separateDatabases() throws {
            let one = try ServeLock.tryAcquire(databasePath: try Self.databasePath())
            let other = try ServeLock.tryAcquire(databasePath: try Self.databasePath())
            withExtendedLifetime((one, other)) {}
        }
    }
}
