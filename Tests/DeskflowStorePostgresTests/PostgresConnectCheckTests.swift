@testable import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import PostgresNIO
import Testing

@Suite("PostgreSQL connect check")
struct PostgresConnectCheckTests {
    let logger = PostgresTestServer.logger

    /// Checks `settings` and returns why it failed, or nil when it connected.
    func failure(_ settings: PostgresSettings) async -> PostgresConnectFailure? {
        do {
            try await settings.checkConnection(logger: logger)
            return nil
        } catch let failure as PostgresConnectFailure {
            return failure
        } catch {
            Issue.record("expected a PostgresConnectFailure, got \(String(reflecting: error))")
            return nil
        }
    }

    @Test("the test server answers, and is PostgreSQL 15 or newer", .postgresServer)
    func connects() async throws {
        let version = try await PostgresTestServer.settings().checkConnection(logger: logger)
        #expect(version >= PostgresSettings.oldestServerVersion)
    }

    @Test("a wrong password is one line that does not show it", .postgresServer)
    func wrongPassword() async throws {
        var settings = try PostgresTestServer.settings()
        settings.password = "not-the-Password-1"
        let failure = await failure(settings)
        #expect(failure?.reason == .wrongPassword)
        #expect(failure?.description.contains("not-the-Password-1") == false)
        #expect(failure?.description.contains(settings.description) == true)
        #expect(failure?.description.contains("\n") == false)
    }

    @Test("a database that does not exist", .postgresServer)
    func unknownDatabase() async throws {
        var settings = try PostgresTestServer.settings()
        settings.database = "deskflow_no_such_database"
        #expect(await failure(settings)?.reason == .unknownDatabase)
    }

    @Test("sslmode require and verify-full against what the server offers", .postgresServer)
    func tlsRequired() async throws {
        var settings = try PostgresTestServer.settings()
        let serverHasTLS = try await PostgresTestServer.serverHasTLS()
        for mode in [PostgresSettings.SSLMode.require, .verifyFull] {
            settings.sslMode = mode
            let failure = await failure(settings)
            if !serverHasTLS {
                #expect(failure?.reason == .tlsUnavailable)
            } else if mode == .verifyFull {
                // A test cluster's certificate is its own (Debian's snakeoil), which no trusted root signed.
                #expect(failure?.reason == .tlsFailed)
            } else {
                #expect(failure == nil)
            }
        }
    }

    @Test("a host name that does not resolve")
    func unknownHost() async {
        let settings = PostgresSettings(
            host: "deskflow-no-such-host.invalid", user: "deskflow", password: "s3cret", database: "shop"
        )
        let failure = await failure(settings)
        #expect(failure?.reason == .unknownHost)
        #expect(failure?.description.hasSuffix("the host name cannot be resolved") == true)
        #expect(failure?.description.contains("s3cret") == false)
    }

    @Test("a port where nothing listens")
    func refused() async throws {
        let port = try await Self.closedPort()
        let settings = PostgresSettings(
            host: "127.0.0.1", port: port, user: "deskflow", password: "s3cret", database: "shop", sslMode: .disable
        )
        let failure = await failure(settings)
        #expect(failure?.reason == .refused)
        #expect(
            failure?.description
                == "cannot use the database postgres://deskflow@127.0.0.1:\(port)/shop?sslmode=disable: the connection "
                + "was refused: no PostgreSQL server is listening at this host and port"
        )
    }

    /// A local port nothing listens on: one the system just gave out and that was closed again.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    @Test("a server older than 15 is named by its version", arguments: [
        (140_011, "14.11"), (150_004, "15.4"), (90_624, "9.6.24"),
    ])
    func serverVersion(_ number: Int, _ readable: String) {
        #expect(PostgresConnectFailure.readable(number) == readable)
        let failure = PostgresConnectFailure(
            PostgresSettings(host: "db", user: "deskflow", password: "s3cret", database: "shop"), .serverTooOld(number)
        )
        #expect(
            failure.description
                == "cannot use the database postgres://deskflow@db:5432/shop?sslmode=prefer: the server is PostgreSQL "
                + "\(readable); Deskflow needs 15 or newer"
        )
    }
}
