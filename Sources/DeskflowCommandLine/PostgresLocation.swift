import Foundation

/// A PostgreSQL server and database named by `postgres://user@host:port/database?sslmode=require`, with the password
/// from wherever it may come from. Its description is the URL without the password, for every message.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode`, as far as the engine honours it.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
    }

    public static let defaultPort = 5432

    public var user: String
    public var password: DatabasePassword?
    /// A name or an address; an IPv6 address without its brackets.
    public var host: String
    public var port: Int
    public var database: String
    /// `prefer` when the URL does not say, as libpq does.
    public var sslMode: SSLMode

    public init(
        user: String, password: DatabasePassword? = nil, host: String, port: Int = Self.defaultPort, database: String,
        sslMode: SSLMode = .prefer
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    public var description: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// Reads `text`, a URL whose scheme is postgres or postgresql. A password in the URL is taken only when the URL
    /// came from the environment, and refused on the command line, where `ps` shows it to every user of the machine;
    /// without one, `PGPASSWORD`. Messages name the part that is wrong, never the text, which may hold a password.
    public init(
        parsing text: String, from source: DatabaseLocation.Source, environment: [String: String]
    ) throws(CommandLineError) {
        let example = "like postgres://deskflow@db.example.com:5432/deskflow?sslmode=require"
        guard let schemeEnd = text.range(of: "://"),
            ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased())
        else { throw CommandLineError("the database URL must start with postgres://, \(example)") }
        var rest = text[schemeEnd.upperBound...]
        guard !rest.contains("#") else { throw CommandLineError("the database URL cannot have a #fragment, \(example)") }

        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        rest = rest[authority.endIndex...]
        let userInfo = authority.lastIndex(of: "@").map { authority[..<$0] }
        let hostAndPort = userInfo.map { authority[authority.index(after: $0.endIndex)...] } ?? authority

        let userParts = (userInfo ?? "").split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let user = userParts[0].removingPercentEncoding, !user.isEmpty else {
            throw CommandLineError("the database URL needs a user name before @, \(example)")
        }
        let urlPassword = userParts.count == 2 ? userParts[1].removingPercentEncoding : ""
        guard let urlPassword else { throw CommandLineError("the database URL's password is not properly %-encoded") }
        let (host, port) = try Self.hostAndPort(hostAndPort, example: example)

        guard rest.first == "/" else { throw CommandLineError("the database URL needs a database name after the host, \(example)") }
        let path = rest.dropFirst().prefix { $0 != "?" }
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw CommandLineError("the database URL needs one database name after the host, \(example)")
        }
        // What follows the name is empty or starts with `?`.
        let sslMode = try Self.sslMode(query: rest.dropFirst(1 + path.count).dropFirst())

        let password: DatabasePassword?
        if !urlPassword.isEmpty {
            guard source == .environment else {
                throw CommandLineError(
                    "a password on the command line shows in ps to every user of this machine; "
                        + "put it in PGPASSWORD, or put the whole URL in DESKFLOW_DATABASE")
            }
            password = DatabasePassword(urlPassword, from: .databaseURL)
        } else if let pgpassword = environment["PGPASSWORD"], !pgpassword.isEmpty {
            password = DatabasePassword(pgpassword, from: .pgpassword)
        } else {
            password = nil
        }
        self.init(user: user, password: password, host: host, port: port, database: database, sslMode: sslMode)
    }

    /// `host`, `host:port`, `[::1]` or `[::1]:port`. Deskflow reaches PostgreSQL over TCP only, so a host is required
    /// and a socket path (`%2Fvar%2Frun%2Fpostgresql`) is refused.
    private static func hostAndPort(_ text: Substring, example: String) throws(CommandLineError) -> (String, Int) {
        let host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw CommandLineError("the database URL's IPv6 address has no closing ], \(example)")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.first == ":" else {
                throw CommandLineError("the database URL has text after its IPv6 address, \(example)")
            }
            if !after.isEmpty { portText = after.dropFirst() }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw CommandLineError("the database URL's IPv6 address is not one, \(example)")
            }
        } else {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
            guard !host.isEmpty else { throw CommandLineError("the database URL needs a host, \(example)") }
            guard host.unicodeScalars.allSatisfy(allowed.contains) else {
                throw CommandLineError(
                    "the database URL's host must be a name or an address (Deskflow connects over TCP), \(example)")
            }
        }
        guard let portText else { return (String(host), defaultPort) }
        guard (1...5).contains(portText.count), portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), (1...65_535).contains(port)
        else { throw CommandLineError("the database URL's port must be a number from 1 to 65535") }
        return (String(host), port)
    }

    /// `sslmode=disable|prefer|require`, and nothing else: a parameter that would be silently ignored (a root
    /// certificate, a timeout) is refused by name, so nobody believes it is in force.
    private static func sslMode(query: Substring) throws(CommandLineError) -> SSLMode {
        var mode = SSLMode.prefer
        for parameter in query.split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0].removingPercentEncoding ?? ""
            guard name == "sslmode" else {
                let shown = name.allSatisfy { $0.isLetter || $0 == "_" } ? name : "?"
                throw CommandLineError("the database URL's parameter \(shown) is not one Deskflow understands: only sslmode")
            }
            guard pair.count == 2, let value = SSLMode(rawValue: String(pair[1])) else {
                let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandLineError("the database URL's sslmode must be one of \(modes)")
            }
            mode = value
        }
        return mode
    }
}
