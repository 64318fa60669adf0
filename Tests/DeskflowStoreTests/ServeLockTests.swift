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
            var first: ServeLock? = try ServeLock.acquire(databasePath: path)

            #expect(throws: StoreError.servedElsewhere(path: path)) { try ServeLock.acquire(databasePath: path) }
            #expect(StoreError.servedElsewhere(path: path).description.contains("another deskflow serve is already serving"))

            withExtendedLifetime(first) {}
            first = nil
            _ = try ServeLock.acquire(databasePath: path)
        }

        @Test("servers on different databases do not stand in each other's way")
        func separateDatabases() throws {
            let one = try ServeLock.acquire(databasePath: try Self.databasePath())
            let other = try ServeLock.acquire(databasePath: try Self.databasePath())
            withExtendedLifetime((one, other)) {}
        }
    }
}
