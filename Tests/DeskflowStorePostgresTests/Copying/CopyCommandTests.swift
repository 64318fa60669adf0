import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import DeskflowStoreSQLite
import Foundation
import Testing

/// `deskflow copy --database FILE --to URL`, as a store owner runs it: the copy, then the check, then a second copy
/// refused; and every bad input one line, exit 1, with no password shown.
@Suite("deskflow copy", .postgresServer)
struct CopyCommandTests {
    static func sqliteFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("deskflow.sqlite").path
    }

    static var root: String {
        URL(fileURLWithPath: MigrateCommandTests.executable)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test("a seeded store is copied table by table and checked; a second copy into it is refused in one line")
    func copiesThenRefusesASecondTime() async throws {
        let file = try Self.sqliteFile()
        let seeded = try await MigrateCommandTests.deskflow(
            ["seed", "--demo", "--orders", "40", "--root", Self.root, "--database", file], password: nil)
        #expect(seeded.status == 0, "\(seeded.output)")
        try await PostgresTestServer.withFreshDatabase { settings in
            let password = try #require(settings.password)
            let url = MigrateCommandTests.url(settings)

            let copy = try await MigrateCommandTests.deskflow(["copy", "--database", file, "--to", url], password: password)

            #expect(copy.status == 0, "\(copy.output)")
            #expect(copy.output.contains("\norders: 340 rows\n"), "\(copy.output)")
            #expect(copy.output.contains("Copied "))
            #expect(copy.output.contains("All invariants hold: \(url)"), "\(copy.output)")
            #expect(!copy.output.contains(password))
            let check = try await MigrateCommandTests.deskflow(["check", "--database", url], password: password)
            #expect(check.status == 0, "\(check.output)")

            let again = try await MigrateCommandTests.deskflow(["copy", "--database", file, "--to", url], password: password)

            #expect(again.status == 1)
            #expect(again.output.split(separator: "\n").count == 1, "\(again.output)")
            #expect(again.output.contains("is not empty (its table"), "\(again.output)")
            #expect(!again.output.contains(password))
            let orders = try await PostgresEngine.withRunningEngine(settings: settings, logger: PostgresTestServer.logger) {
                try await $0.client.values("SELECT count(*) FROM orders", as: Int.self)
            }
            #expect(orders == [340])
        }
    }

    @Test("a URL as the source, a bad or password-bearing --to, and a served source: one line each, exit 1")
    func badInput() async throws {
        let file = try Self.sqliteFile()
        _ = try SQLiteStore(path: file)
        let settings = try PostgresTestServer.settings()
        let url = MigrateCommandTests.url(settings)
        let secret = "not-for-ps-\(UUID().uuidString)"
        let withPassword = "postgres://\(settings.user):\(secret)@\(settings.host):\(settings.port)/\(settings.database)"
        let cases: [(arguments: [String], says: String)] = [
            (["copy", "--database", url, "--to", url], "reads an SQLite store"),
            (["copy", "--database", file, "--to", "mysql://db.example.com/shop"], "--to:"),
            (["copy", "--database", file, "--to", file + "-other"], "--to must be a postgres:// URL"),
            (["copy", "--database", file, "--to", withPassword], "password"),
            (["copy", "--database", file + "-missing", "--to", url], "there is no database at"),
        ]
        for (arguments, says) in cases {
            let run = try await MigrateCommandTests.deskflow(arguments, password: settings.password)
            #expect(run.status == 1, "\(arguments): \(run.output)")
            #expect(run.output.split(separator: "\n").count == 1, "\(arguments): \(run.output)")
            #expect(run.output.contains(says), "\(arguments): \(run.output)")
            #expect(!run.output.contains(secret))
            if let password = settings.password { #expect(!run.output.contains(password)) }
        }

        let lock = try ServeLock.tryAcquire(databasePath: file)
        let served = try await MigrateCommandTests.deskflow(
            ["copy", "--database", file, "--to", url], password: settings.password)
        withExtendedLifetime(lock) {}
        #expect(served.status == 1)
        #expect(served.output.split(separator: "\n").count == 1, "\(served.output)")
        #expect(served.output.contains("another deskflow serve is already serving"), "\(served.output)")
    }
}
