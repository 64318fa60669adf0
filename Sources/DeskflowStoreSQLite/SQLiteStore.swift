import DeskflowStore
import Foundation
import GRDB

/// Deskflow's store on SQLite: one file, one writer, GRDB. Everything above the store sees it as
/// `any DeskflowDatabase` and reads and writes through the intent-named methods of the store's protocols, which this
/// type and its extensions implement; no SQL lives outside this module.
public final class SQLiteStore: DeskflowDatabase {
    let pool: DatabasePool
    /// Where the storefront hears about its orders: with an endpoint, every order write queues the events it causes
    /// (`StorefrontEvent`) in the outbox, in the same transaction. `nil`: no webhooks.
    public let webhookEndpoint: String?
    /// Runs the periodic jobs one at a time. One process owns an SQLite file, so they are coordinated in-process;
    /// every handle on the same database shares it.
    public let jobs: any JobCoordination

    /// How long a write waits for another process (a backup, the sqlite3 shell) to let go of the database
    /// before it gives up with `DatabaseFault.busy`.
    public static let defaultBusyTimeout: TimeInterval = 10

    /// Opens (creating if needed) the database at `path` and applies every migration.
    public convenience init(path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws(StoreError) {
        try self.init(path: path, busyTimeout: busyTimeout, prepareConnection: nil)
    }

    /// `prepareConnection` runs on each connection as it opens; tests use it to trace the SQL the store executes.
    init(
        path: String, busyTimeout: TimeInterval = defaultBusyTimeout, prepareConnection: (@Sendable (Database) throws -> Void)?
    ) throws(StoreError) {
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(busyTimeout)
            configuration.maximumReaderCount = 8
            if let prepareConnection { configuration.prepareDatabase(prepareConnection) }
            pool = try DatabasePool(path: path, configuration: configuration)
            webhookEndpoint = nil
            jobs = InProcessJobCoordination()
            // DatabasePool switches the writer to synchronous=NORMAL when it enables WAL; money is written here,
            // so every commit must reach the disk before it is acknowledged.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let unknown = try pool.read(Migrations.unknownMigrations)
            guard unknown.isEmpty else { throw StoreError.migratedByNewerVersion(path: path, migrations: unknown) }
            try Migrations.migrator.migrate(pool)
            try pool.write(Migrations.createMissingIndexes)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.describe(error))
        }
    }

    /// A fresh database in a new temporary directory, for tests and benchmarks.
    public static func temporary() throws(StoreError) -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskflow-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: directory.path, reason: Self.describe(error))
        }
        return try SQLiteStore(path: directory.appendingPathComponent("deskflow.sqlite").path)
    }

    private init(pool: DatabasePool, webhookEndpoint: String?, jobs: any JobCoordination) {
        self.pool = pool
        self.webhookEndpoint = webhookEndpoint
        self.jobs = jobs
    }

    /// The same database, with every order write queueing its storefront events for `endpoint`.
    public func sendingWebhooks(to endpoint: String) -> any DeskflowDatabase {
        SQLiteStore(pool: pool, webhookEndpoint: endpoint, jobs: jobs)
    }

    public var path: String { pool.path }

    /// The writer connection's `synchronous` setting: 2 is FULL.
    public func synchronousSetting() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func ensureReadable() async throws {
        _ = try await journalMode()
    }

    /// A consistent copy of the live database, taken while it keeps serving.
    public func backup(to destinationPath: String) async throws(StoreError) {
        do {
            let destination = try DatabaseQueue(path: destinationPath)
            // The asynchronous read, not `DatabasePool.backup(to:)`: a synchronous read waits for a free reader while
            // holding a thread of Swift's small cooperative pool, and readers held by awaiting tasks are only given
            // back on that pool, so under load the two can wait on each other for ever.
            try await pool.read { source in
                try destination.writeWithoutTransaction { copy in try source.backup(to: copy) }
            }
        } catch {
            throw StoreError.backupFailed(path: destinationPath, reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError {
            return databaseError.message ?? "\(databaseError.resultCode)"
        }
        return "\(error)"
    }
}
