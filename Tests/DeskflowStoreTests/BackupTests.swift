import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Backup")
    struct Backup {
        @Test("a backup opens as a database with the same orders")
        func backupOpens() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            _ = try await database.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: StoreFixtures.now)
            let path = StoreFixtures.temporaryPath("backup.sqlite")

            // when
            try await database.backup(to: path)

            // then
            #expect(FileManager.default.fileExists(atPath: path))
            let copy = try SQLiteStore(path: path)
            #expect(try await copy.countOrders()[.all] == 300)
            await #expect(try copy.count("SELECT COUNT(*) FROM orders") == 300)
            #expect(try await copy.allOrders() == database.allOrders())
            #expect(try await copy.orderDetail(number: 1150) == database.orderDetail(number: 1150))
            #expect(try await copy.staffCredentials(email: "ana@example.com")?.passwordHash == "h")
        }

        @Test("a backup is a snapshot: later changes to the live database do not reach it")
        func backupIsASnapshot() async throws {
            let database = try await StoreFixtures.demoStore()
            let path = StoreFixtures.temporaryPath("backup.sqlite")
            try await database.backup(to: path)

            try await database.seedBulkOrders(count: 10, definition: StoreFixtures.definition(), now: StoreFixtures.now)

            #expect(try await database.countOrders()[.all] == 310)
            await #expect(try SQLiteStore(path: path).countOrders()[.all] == 300)
        }

        @Test("a backup to a place that cannot be written reports the path")
        func backupFails() async throws {
            let database = try SQLiteStore.temporary()
            let path = "/proc/deskflow-no-such-directory/backup.sqlite"

            let error = await #expect(throws: StoreError.self) { try await database.backup(to: path) }

            guard case .backupFailed(let reportedPath, _) = error else {
                Issue.record("expected .backupFailed, got \(String(describing: error))")
                return
            }
            #expect(reportedPath == path)
        }
    }
}
