import Testing

@testable import DeskflowCommandLine

@Suite("--database: a SQLite file or a PostgreSQL URL")
struct DatabaseLocationTests {
    static let secret = "s3cr3t-Pa55"

    static func parse(
        _ text: String, from source: DatabaseLocation.Source = .commandLine, environment: [String: String] = [:]
    ) throws(CommandLineError) -> DatabaseLocation {
        try DatabaseLocation(parsing: text, from: source, environment: environment)
    }

    static func postgres(
        _ text: String, from source: DatabaseLocation.Source = .commandLine, environment: [String: String] = [:]
    ) throws -> PostgresLocation {
        guard case .postgres(let server) = try parse(text, from: source, environment: environment) else {
            Issue.record("\(text) was read as a file path")
            throw CommandLineError("not a URL")
        }
        return server
    }

    @Test(
        "anything without a scheme is a SQLite file path, kept as typed",
        arguments: ["./deskflow.sqlite", "/var/lib/deskflow/store.sqlite", "store.sqlite", "my:store.sqlite", "a b/c.db"])
    func filePaths(text: String) throws {
        #expect(try Self.parse(text) == .sqlite(path: text))
        #expect(try Self.parse(text).description == text)
    }

    @Test(
        "the URL's parts: user, host, port (5432 by default), database, sslmode (prefer by default)",
        arguments: [
            ("postgres://deskflow@db.example.com/deskflow", "deskflow", "db.example.com", 5432, "deskflow", "prefer"),
            ("postgresql://deskflow@db.example.com/deskflow", "deskflow", "db.example.com", 5432, "deskflow", "prefer"),
            ("POSTGRES://app@10.0.0.5:6432/orders?sslmode=require", "app", "10.0.0.5", 6432, "orders", "require"),
            ("postgres://app@localhost:5433/orders?sslmode=disable", "app", "localhost", 5433, "orders", "disable"),
            ("postgres://app@[::1]:5432/orders", "app", "::1", 5432, "orders", "prefer"),
            ("postgres://app@[2001:db8::7]/orders?sslmode=prefer", "app", "2001:db8::7", 5432, "orders", "prefer"),
            ("postgres://deploy%40acme@db_primary/my%20store", "deploy@acme", "db_primary", 5432, "my store", "prefer"),
        ] as [(String, String, String, Int, String, String)])
    func urlParts(text: String, user: String, host: String, port: Int, database: String, sslMode: String) throws {
        let server = try Self.postgres(text)
        #expect(server.user == user)
        #expect(server.host == host)
        #expect(server.port == port)
        #expect(server.database == database)
        #expect(server.sslMode.rawValue == sslMode)
        #expect(server.password == nil)
    }

    @Test(
        "a URL that is not one is refused in one line saying what is wrong, and never echoing the text",
        arguments: [
            ("postgres:deskflow@db/deskflow", "must start with postgres://"),
            ("postgres://db.example.com/deskflow", "needs a user name"),
            ("postgres://:\(secret)@db.example.com/deskflow", "needs a user name"),
            ("postgres://deskflow@/deskflow", "needs a host"),
            ("postgres://deskflow@db.example.com", "needs a database name"),
            ("postgres://deskflow@db.example.com/", "needs one database name"),
            ("postgres://deskflow@db.example.com/a/b", "needs one database name"),
            ("postgres://deskflow@db.example.com:0/deskflow", "port must be a number from 1 to 65535"),
            ("postgres://deskflow@db.example.com:65536/deskflow", "port must be a number from 1 to 65535"),
            ("postgres://deskflow@db.example.com:54x2/deskflow", "port must be a number from 1 to 65535"),
            ("postgres://deskflow@[::1/deskflow", "no closing ]"),
            ("postgres://deskflow@[::1]x/deskflow", "text after its IPv6 address"),
            ("postgres://deskflow@%2Fvar%2Frun%2Fpostgresql/deskflow", "connects over TCP"),
            ("postgres://deskflow@db.example.com/deskflow?sslmode=verify-full", "sslmode must be one of disable, prefer, require"),
            ("postgres://deskflow@db.example.com/deskflow?sslmode", "sslmode must be one of"),
            ("postgres://deskflow@db.example.com/deskflow?connect_timeout=5", "parameter connect_timeout is not one"),
            ("postgres://deskflow@db.example.com/deskflow?password=\(secret)", "parameter password is not one"),
            ("postgres://deskflow@db.example.com/deskflow#\(secret)", "cannot have a #fragment"),
            ("mysql://deskflow@db.example.com/deskflow", "the scheme mysql is not one of them"),
            ("", "--database is empty"),
        ])
    func badURL(text: String, message: String) {
        #expect {
            try Self.parse(text, from: .environment)
        } throws: { error in
            let line = (error as? CommandLineError)?.description ?? ""
            return line.contains(message) && !line.contains(Self.secret) && !line.contains("\n")
        }
    }

    @Test("a password on the command line is refused, pointing to PGPASSWORD and DESKFLOW_DATABASE, never shown")
    func passwordOnCommandLine() {
        #expect {
            try Self.parse("postgres://deskflow:\(Self.secret)@db.example.com/deskflow")
        } throws: { error in
            let line = (error as? CommandLineError)?.description ?? ""
            return line.contains("PGPASSWORD") && line.contains("DESKFLOW_DATABASE") && line.contains("ps")
                && !line.contains(Self.secret)
        }
    }

    @Test("a password in the URL from DESKFLOW_DATABASE is used, even with PGPASSWORD set")
    func passwordFromEnvironmentURL() throws {
        let server = try Self.postgres(
            "postgres://deskflow:\(Self.secret)%2F%40@db.example.com/deskflow", from: .environment,
            environment: ["PGPASSWORD": "other"])
        #expect(server.password == DatabasePassword("\(Self.secret)/@", from: .databaseURL))
    }

    @Test("without one in the URL, the password comes from PGPASSWORD, wherever the URL came from")
    func passwordFromPGPASSWORD() throws {
        for source in [DatabaseLocation.Source.commandLine, .environment] {
            let server = try Self.postgres(
                "postgres://deskflow@db.example.com/deskflow", from: source, environment: ["PGPASSWORD": Self.secret])
            #expect(server.password?.revealed == Self.secret)
            #expect(server.password?.origin == .pgpassword)
        }
        let none = try Self.postgres("postgres://deskflow@db.example.com/deskflow", environment: ["PGPASSWORD": ""])
        #expect(none.password == nil)
    }

    @Test("every way of describing a location leaves the password out")
    func redacted() throws {
        let server = try Self.postgres(
            "postgresql://deskflow:\(Self.secret)@[2001:db8::7]:6432/deskflow?sslmode=require", from: .environment)
        let location = DatabaseLocation.postgres(server)
        #expect(location.description == "postgres://deskflow@[2001:db8::7]:6432/deskflow?sslmode=require")
        var dumped = ""
        dump(location, to: &dumped)
        for text in ["\(location)", String(reflecting: location), "\(server)", String(reflecting: server), dumped] {
            #expect(!text.contains(Self.secret), "\(text)")
        }
        #expect(server.password?.revealed == Self.secret)
    }

    @Test("--database wins over DESKFLOW_DATABASE, which wins over ./deskflow.sqlite")
    func chosen() throws {
        let url = "postgres://deskflow:\(Self.secret)@db.example.com/deskflow"
        #expect(try DatabaseLocation.chosen(option: nil, environment: [:]) == .sqlite(path: "./deskflow.sqlite"))
        #expect(try DatabaseLocation.chosen(option: "a.sqlite", environment: ["DESKFLOW_DATABASE": url]) == .sqlite(path: "a.sqlite"))
        let fromEnvironment = try DatabaseLocation.chosen(option: nil, environment: ["DESKFLOW_DATABASE": url])
        guard case .postgres(let server) = fromEnvironment else { Issue.record("not a URL"); return }
        #expect(server.password?.origin == .databaseURL)
        // The same URL typed on the command line is refused for its password.
        #expect(throws: CommandLineError.self) { try DatabaseLocation.chosen(option: url, environment: [:]) }
    }

    @Test("deskflow backup copies a SQLite file and, on PostgreSQL, points to pg_dump and point-in-time recovery")
    func backup() throws {
        #expect(try DatabaseLocation.sqlite(path: "store.sqlite").fileToBackUp() == "store.sqlite")
        let server = DatabaseLocation.postgres(PostgresLocation(user: "deskflow", host: "db", database: "deskflow"))
        #expect {
            try server.fileToBackUp()
        } throws: { error in
            let line = (error as? CommandLineError)?.description ?? ""
            return line.contains("pg_dump") && line.contains("point-in-time recovery") && !line.contains("\n")
        }
    }
}
