import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import Testing

/// The commands an operator runs on a PostgreSQL store, through the executable: each reaches the database by its URL
/// with the password from PGPASSWORD, and what one writes the next reads.
@Suite("deskflow commands on PostgreSQL", .postgresServer)
struct CommandsOnPostgresTests {
    @Test("seed, token create and list, outage, then check: each works on the URL, none prints the password")
    func operatorCommands() async throws {
        try await PostgresTestServer.withFreshDatabase { settings in
            let password = try #require(settings.password)
            let url = MigrateCommandTests.url(settings)
            let root = URL(fileURLWithPath: MigrateCommandTests.executable)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            func deskflow(_ arguments: String...) async throws -> String {
                let run = try await MigrateCommandTests.deskflow(arguments + ["--database", url], password: password)
                #expect(run.status == 0, "deskflow \(arguments.joined(separator: " ")): \(run.output)")
                #expect(!run.output.contains(password))
                return run.output
            }

            #expect(try await deskflow("seed", "--demo", "--orders", "40", "--root", root).contains("Added 40 orders"))
            _ = try await deskflow("token", "create", "--name", "storefront")
            #expect(try await deskflow("token", "list").contains("\tstorefront\tmanager\t"))
            #expect(try await deskflow("outage", "gateway", "fail", "--seconds", "60").contains("refuses every call"))
            #expect(try await deskflow("outage", "gateway", "off").contains("No simulated outage is running."))
            #expect(try await deskflow("check").contains("All invariants hold: \(url)"))
        }
    }
}
