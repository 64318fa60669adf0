import Foundation
import GRDB
import Testing

import DeskflowStore

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// A database a newer Deskflow migrated holds migrations this build does not know; opening it is refused, so an
    /// older instance never writes a schema it was not written for.
    @Suite("Migrations from a newer version")
    struct MigrationVersions {
        /// A migrated database whose log also names `identifiers`, as a newer build would leave it.
        static func database(alsoApplied identifiers: [String]) async throws -> String {
            let database = try SQLiteStore.temporary()
            try await database.pool.write { db in
                for identifier in identifiers {
                    try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
                }
            }
            return database.path
        }

        @Test("a database with a migration this build does not know is refused, in one line naming it")
        func refused() async throws {
            let path = try await Self.database(alsoApplied: ["v99-from-the-future", "v100-further-still"])

            #expect(throws: StoreError.migratedByNewerVersion(path: path, migrations: ["v99-from-the-future", "v100-further-still"])) {
                try SQLiteStore(path: path)
            }
            let description = StoreError.migratedByNewerVersion(path: path, migrations: ["v99-from-the-future"]).description
            #expect(description == "the database at \(path) was migrated by a newer version of Deskflow (v99-from-the-future); run that version or a later one")
        }

        @Test("the simulation's own migrations in the shared log are not the store's to refuse")
        func simulationMigrationsAreLeftToIt() async throws {
            let path = try await Self.database(alsoApplied: ["simulation-v1-gateway-ledger", "simulation-v9-later"])

            _ = try SQLiteStore(path: path)
        }

        @Test("a database migrated by this build opens again")
        func current() async throws {
            let path = try await Self.database(alsoApplied: [])

            let reopened = try SQLiteStore(path: path)

            #expect(try await reopened.count("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'v18-outbox-claimed-by'") == 1)
        }
    }
}
