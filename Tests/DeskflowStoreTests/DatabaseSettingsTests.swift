import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Database settings")
    struct DatabaseSettings {
        @Test("commits are written with synchronous = FULL, even though WAL mode lowers it to NORMAL")
        func synchronousIsFull() async throws {
            let database = try SQLiteStore.temporary()
            #expect(try await database.synchronousSetting() == 2)
        }

        @Test("the journal is a write-ahead log")
        func journalModeIsWAL() async throws {
            let database = try SQLiteStore.temporary()
            #expect(try await database.journalMode() == "wal")
        }

        @Test("foreign keys are enforced on the writer and on readers")
        func foreignKeysAreOn() async throws {
            let database = try SQLiteStore.temporary()
            let writer = try await database.pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            }
            let reader = try await database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
            #expect(writer == 1)
            #expect(reader == 1)
        }

        @Test("a line item for an order that does not exist is refused")
        func foreignKeyViolationIsRefused() async throws {
            let database = try SQLiteStore.temporary()
            await #expect(throws: DatabaseError.self) {
                try await database.pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO products(sku, name, price_minor, currency) VALUES ('SKU', 'Thing', 100, 'USD');
                        INSERT INTO line_items(order_id, sku, name, quantity, unit_price_minor)
                        VALUES (4242, 'SKU', 'Thing', 1, 100)
                        """)
                }
            }
        }

        @Test("reopening an existing database keeps the settings and applies no migration twice")
        func reopening() async throws {
            let first = try SQLiteStore.temporary()
            let reopened = try SQLiteStore(path: first.path)
            #expect(try await reopened.synchronousSetting() == 2)
            #expect(try await reopened.journalMode() == "wal")
            await #expect(try reopened.isStoreEmpty())
        }

        @Test("a database that cannot be created is reported with its path")
        func cannotOpen() throws {
            let path = "/proc/deskflow-cannot-exist/deskflow.sqlite"
            let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
            guard case .cannotOpen(let reportedPath, _) = error else {
                Issue.record("expected .cannotOpen, got \(String(describing: error))")
                return
            }
            #expect(reportedPath == path)
        }
    }
}
