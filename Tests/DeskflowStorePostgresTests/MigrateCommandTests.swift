import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// `deskflow migrate --database postgres://…`: the command line's way onto PostgreSQL, as an operator runs it before
/// starting instances. The password comes from PGPASSWORD and is never printed.
@Suite("deskflow migrate on PostgreSQL", .postgresServer)
struct MigrateCommandTests {
    static let executable = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/deskflow").path

    /// Runs the executable off the cooperative pool; returns its exit status and everything it printed.
    static func deskflow(_ arguments: [String], password: String?) async throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: executable), "swift test builds the executable")
        return try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["DESKFLOW_DATABASE"] = nil
            environment["PGPASSWORD"] = password
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.terminationHandler = { finished in
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continuation.resume(returning: (finished.terminationStatus, output))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    /// The URL an operator types: no password in it.
    static func url(_ settings: PostgresSettings) -> String {
        "postgres://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)?sslmode=disable"
    }

    @Test("an empty database is migrated, a second run finds nothing to do, and the password is never printed")
    func migratesOnce() async throws {
        try await PostgresTestServer.withFreshDatabase { settings in
            let password = try #require(settings.password)
            let first = try await Self.deskflow(["migrate", "--database", Self.url(settings)], password: password)
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("Database is up to date: postgres://\(settings.user)@"))
            #expect(!first.output.contains(password))

            let applied = try await PostgresEngine.withRunningEngine(settings: settings, logger: PostgresTestServer.logger) {
                try await PostgresMigrator.appliedNames($0.client, logger: PostgresTestServer.logger)
            }
            #expect(Set(PostgresMigrations.store.map(\.name)).isSubset(of: Set(applied)))

            let second = try await Self.deskflow(["migrate", "--database", Self.url(settings)], password: password)
            #expect(second.status == 0, "\(second.output)")
        }
    }

    @Test("a wrong password is one line and exit 1, and the password tried is not in it")
    func wrongPassword() async throws {
        let settings = try PostgresTestServer.settings()
        let wrong = "not-the-password-\(UUID().uuidString)"
        let run = try await Self.deskflow(["migrate", "--database", Self.url(settings)], password: wrong)
        #expect(run.status == 1)
        #expect(run.output.split(separator: "\n").count == 1, "\(run.output)")
        #expect(!run.output.contains(wrong))
    }
}
