import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives and how to reach it, read from a `postgres://user:password@host:port/db?sslmode=…`
/// URL (postgres-nio takes no URL). The password is kept only to connect: `description` never shows it.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted, with libpq's names and meanings for the modes it shares with libpq.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never encrypted.
        case disable
        /// Encrypted when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// Always encrypted, without checking the certificate, as libpq does without a root certificate.
        case require
        /// Always encrypted, the certificate checked against the system's trusted roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The most connections one instance's pool opens; the server's `max_connections` must cover every instance's.
    public var maximumConnections = 20

    public static let defaultPort = 5432

    public init(
        host: String,
        port: Int = PostgresSettings.defaultPort,
        user: String,
        password: String?,
        database: String,
        sslMode: SSLMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Reads a `postgres://` or `postgresql://` URL. A password in the URL wins over `fallbackPassword` (the caller's
    /// `PGPASSWORD`); the user defaults to `fallbackUser` (the caller's `PGUSER`). User, password and database are
    /// percent-decoded, so a password may hold any character.
    public init(url text: String, fallbackUser: String? = nil, fallbackPassword: String? = nil) throws {
        guard let components = URLComponents(string: text) else {
            throw PostgresSettingsError.notAURL
        }
        guard let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme) else {
            throw PostgresSettingsError.notPostgres(scheme: components.scheme)
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresSettingsError.missingHost
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }) ?? fallbackUser, !user.isEmpty else {
            throw PostgresSettingsError.missingUser
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw PostgresSettingsError.missingDatabase
        }
        let port = components.port ?? Self.defaultPort
        guard (1...65535).contains(port) else {
            throw PostgresSettingsError.badPort
        }
        var sslMode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresSettingsError.unknownParameter(item.name)
            }
            guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                throw PostgresSettingsError.unknownSSLMode(item.value ?? "")
            }
            sslMode = mode
        }
        // `URLComponents` keeps the brackets of an IPv6 address; postgres-nio wants the bare address.
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.init(
            host: bareHost,
            port: port,
            user: user,
            password: components.password.flatMap { $0.removingPercentEncoding } ?? fallbackPassword,
            database: database,
            sslMode: sslMode
        )
    }

    /// The URL without its password, for every message about this database.
    public var description: String {
        let bracketedHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(bracketedHost):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The pool's configuration. `searchPath`, when given, is sent at start-up, so every connection of the pool
    /// sees those schemas first (a test's own schema).
    public func clientConfiguration(searchPath: [String] = []) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: clientTLS
        )
        configuration.options.additionalStartupParameters = startupParameters(searchPath: searchPath)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// One connection's configuration, for the connect check: it fails at once with the server's answer, where the
    /// pool would keep retrying.
    public func connectionConfiguration(searchPath: [String] = []) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: Self.unverifiedTLS))
            case .require: .require(try NIOSSLContext(configuration: Self.unverifiedTLS))
            case .verifyFull: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls
        )
        configuration.options.additionalStartupParameters = startupParameters(searchPath: searchPath)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(Self.unverifiedTLS)
        case .require: .require(Self.unverifiedTLS)
        case .verifyFull: .require(.makeClientConfiguration())
        }
    }

    private static var unverifiedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    private func startupParameters(searchPath: [String]) -> [(String, String)] {
        var parameters = [("application_name", "deskflow")]
        if !searchPath.isEmpty {
            parameters.append(("search_path", searchPath.map(Self.quotedIdentifier).joined(separator: ", ")))
        }
        return parameters
    }

    /// A name written so the server reads it as that exact name.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Why a database URL cannot be used. Each message is one line and never holds the URL, which may hold a password.
public enum PostgresSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAURL
    case notPostgres(scheme: String?)
    case missingHost
    case missingUser
    case missingDatabase
    case badPort
    case unknownParameter(String)
    case unknownSSLMode(String)

    public var description: String {
        switch self {
        case .notAURL:
            "the database URL is not a valid URL"
        case .notPostgres(let scheme):
            "the database URL must start with postgres:// or postgresql://, not \(scheme.map { "\($0)://" } ?? "nothing")"
        case .missingHost:
            "the database URL names no host (postgres://user@host:5432/database)"
        case .missingUser:
            "the database URL names no user (postgres://user@host:5432/database), and PGUSER is not set"
        case .missingDatabase:
            "the database URL names no database (postgres://user@host:5432/database)"
        case .badPort:
            "the database URL's port is not between 1 and 65535"
        case .unknownParameter(let name):
            "the database URL has an unknown parameter \(name) (only sslmode is read)"
        case .unknownSSLMode(let value):
            "the database URL's sslmode \(value) is not one of "
                + PostgresSettings.SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
