import DeskflowDomain
import Foundation
import Testing

@testable import DeskflowStore

extension DeskflowStoreTests {
    @Suite("Backup")
    struct Backup {
        @Test("a backup opens as a database with the same orders")
        func backupOpens() throws {
            // given
            let database = try StoreFixtures.demoStore()
            _ = try database.addStaffUser(
                email: "ana@example.com", name: "Ana", role: .manager, passwordHash: "h", now: StoreFixtures.now)
            let path = StoreFixtures.temporaryPath("backup.sqlite")

            // when
            try database.backup(to: path)

            // then
            #expect(FileManager.default.fileExists(atPath: path))
            let copy = try AppDatabase(path: path)
            #expect(try copy.countOrders()[.all] == 300)
            #expect(try copy.count("SELECT COUNT(*) FROM orders") == 300)
            #expect(try copy.allOrders() == database.allOrders())
            #expect(try copy.orderDetail(number: 1150) == database.orderDetail(number: 1150))
            #expect(try copy.staffCredentials(email: "ana@example.com")?.passwordHash == "h")
        }

        @Test("a backup is a snapshot: later changes to the live database do not reach it")
        func backupIsASnapshot() throws {
            let database = try StoreFixtures.demoStore()
            let path = StoreFixtures.temporaryPath("backup.sqlite")
            try database.backup(to: path)

            try database.seedBulkOrders(count: 10, definition: StoreFixtures.definition(), now: StoreFixtures.now)

            #expect(try database.countOrders()[.all] == 310)
            #expect(try AppDatabase(path: path).countOrders()[.all] == 300)
        }

        @Test("a backup to a place that cannot be written reports the path")
        func backupFails() throws {
            let database = try AppDatabase.temporary()
            let path = "/proc/deskflow-no-such-directory/backup.sqlite"

            let error = #expect(throws: StoreError.self) { try database.backup(to: path) }

            guard case .backupFailed(let reportedPath, _) = error else {
                Issue.record("expected .backupFailed, got \(String(describing: error))")
                return
            }
            #expect(reportedPath == path)
        }
    }
}
