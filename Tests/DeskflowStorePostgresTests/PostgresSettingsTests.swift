import DeskflowStorePostgres
import Testing

@Suite("PostgreSQL settings from a URL")
struct PostgresSettingsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let fallbackUser: String?
        let fallbackPassword: String?
        let expected: PostgresSettings
        var testDescription: String { url }
    }

    static let cases: [Case] = [
        Case(
            url: "postgres://deskflow:s3cret@db.example:6543/shop?sslmode=require", fallbackUser: nil,
            fallbackPassword: nil,
            expected: PostgresSettings(
                host: "db.example", port: 6543, user: "deskflow", password: "s3cret", database: "shop",
                sslMode: .require
            )
        ),
        Case(
            url: "postgresql://deskflow@db/shop", fallbackUser: nil, fallbackPassword: nil,
            expected: PostgresSettings(host: "db", user: "deskflow", password: nil, database: "shop", sslMode: .prefer)
        ),
        Case(
            url: "postgres://deskflow@db/shop?sslmode=disable", fallbackUser: nil, fallbackPassword: "from-env",
            expected: PostgresSettings(
                host: "db", user: "deskflow", password: "from-env", database: "shop", sslMode: .disable
            )
        ),
        Case(
            url: "postgres://deskflow:in-url@db/shop", fallbackUser: nil, fallbackPassword: "from-env",
            expected: PostgresSettings(host: "db", user: "deskflow", password: "in-url", database: "shop")
        ),
        Case(
            url: "postgres://db:5433/shop?sslmode=verify-full", fallbackUser: "env-user", fallbackPassword: nil,
            expected: PostgresSettings(
                host: "db", port: 5433, user: "env-user", password: nil, database: "shop", sslMode: .verifyFull
            )
        ),
        Case(
            url: "postgres://dësk%20flow:p%40ss%2Fw%3Ard@127.0.0.1/my%20shop", fallbackUser: nil,
            fallbackPassword: nil,
            expected: PostgresSettings(host: "127.0.0.1", user: "dësk flow", password: "p@ss/w:rd", database: "my shop")
        ),
        Case(
            url: "postgres://deskflow@[::1]:5432/shop", fallbackUser: nil, fallbackPassword: nil,
            expected: PostgresSettings(host: "::1", user: "deskflow", password: nil, database: "shop")
        ),
    ]

    @Test("reads host, port (5432 by default), user, password, database and sslmode", arguments: cases)
    func reads(_ example: Case) throws {
        let settings = try PostgresSettings(
            url: example.url, fallbackUser: example.fallbackUser, fallbackPassword: example.fallbackPassword
        )
        #expect(settings == example.expected)
    }

    static let refusals: [(url: String, error: PostgresSettingsError)] = [
        ("postgres://deskflow@db:port/shop", .notAURL),
        ("postgres://deskflow@[db/shop", .notAURL),
        ("not a url at all", .notPostgres(scheme: nil)),
        ("mysql://deskflow@db/shop", .notPostgres(scheme: "mysql")),
        ("/var/lib/deskflow.sqlite", .notPostgres(scheme: nil)),
        ("postgres:///shop", .missingHost),
        ("postgres://db/shop", .missingUser),
        ("postgres://deskflow@db", .missingDatabase),
        ("postgres://deskflow@db/", .missingDatabase),
        ("postgres://deskflow@db/shop/more", .missingDatabase),
        ("postgres://deskflow@db:0/shop", .badPort),
        ("postgres://deskflow:s3cret@db/shop?sslmode=verify-ca", .unknownSSLMode("verify-ca")),
        ("postgres://deskflow:s3cret@db/shop?sslmode", .unknownSSLMode("")),
        ("postgres://deskflow:s3cret@db/shop?password=s3cret", .unknownParameter("password")),
    ]

    @Test("refuses a URL it cannot use, in one line without the password", arguments: refusals)
    func refuses(_ url: String, _ expected: PostgresSettingsError) {
        #expect(throws: expected) { try PostgresSettings(url: url) }
        #expect(!expected.description.contains("s3cret"))
        #expect(!expected.description.contains("\n"))
    }

    @Test("its description is the URL without the password")
    func description() throws {
        let settings = try PostgresSettings(url: "postgres://deskflow:s3cret@db.example:6543/shop?sslmode=require")
        #expect(settings.description == "postgres://deskflow@db.example:6543/shop?sslmode=require")
        #expect("\(settings)" == settings.description)
        let ipv6 = try PostgresSettings(url: "postgres://deskflow:s3cret@[::1]/shop")
        #expect(ipv6.description == "postgres://deskflow@[::1]:5432/shop?sslmode=prefer")
    }

    @Test("the pool's configuration carries every part, and the search path when given")
    func clientConfiguration() throws {
        let settings = try PostgresSettings(url: "postgres://deskflow:s3cret@db.example:6543/shop?sslmode=disable")
        let configuration = settings.clientConfiguration(searchPath: ["test_1", "public"])
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "deskflow")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "shop")
        let parameters = Dictionary(uniqueKeysWithValues: configuration.options.additionalStartupParameters)
        #expect(parameters["search_path"] == #""test_1", "public""#)
        #expect(parameters["application_name"] == "deskflow")
        #expect(settings.clientConfiguration().options.additionalStartupParameters.map(\.0) == ["application_name"])
    }

    @Test("a connection's configuration encrypts as the sslmode says")
    func connectionConfiguration() throws {
        let tls = try PostgresSettings.SSLMode.allCases.map { mode in
            let configuration = try PostgresSettings(host: "db", user: "u", password: nil, database: "d", sslMode: mode)
                .connectionConfiguration()
            return (configuration.tls.isAllowed, configuration.tls.isEnforced)
        }
        #expect(tls.map(\.0) == [false, true, true, true])
        #expect(tls.map(\.1) == [false, false, true, true])
    }
}
