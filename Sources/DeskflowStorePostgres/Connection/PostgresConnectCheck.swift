import Logging
import Foundation
import PostgresNIO

extension PostgresSettings {
    /// The oldest server Deskflow runs on (`server_version_num`): 15.0.
    public static let oldestServerVersion = 150_000

    /// Connects once and asks the server's version, so a command stops at once with one clear line
    /// (`PostgresConnectFailure`) where the pool would keep retrying. Returns `server_version_num`.
    @discardableResult
    public func checkConnection(logger: Logger) async throws -> Int {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try connectionConfiguration()
        } catch {
            throw PostgresConnectFailure(self, .tlsSetUp)
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresConnectFailure(self, PostgresConnectFailure.Reason(connecting: error))
        }
        do {
            let version = try await Self.serverVersion(on: connection, logger: logger)
            try? await connection.close()
            guard version >= Self.oldestServerVersion else {
                throw PostgresConnectFailure(self, .serverTooOld(version))
            }
            return version
        } catch let failure as PostgresConnectFailure {
            throw failure
        } catch {
            try? await connection.close()
            throw PostgresConnectFailure(self, PostgresConnectFailure.Reason(connecting: error))
        }
    }

    static func serverVersion(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.queryWhileOpen("SHOW server_version_num", logger: logger)
        for try await text in rows.decode(String.self) {
            if let version = Int(text) { return version }
        }
        return 0
    }
}

/// Why Deskflow cannot use the database: one line naming the database without its password.
public struct PostgresConnectFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case wrongPassword
        case passwordNeeded
        case notAllowed
        case unknownDatabase
        case unknownHost
        case refused
        case unreachable
        case tlsUnavailable
        case tlsFailed
        case tlsSetUp
        case serverTooOld(Int)
        case server(PostgresServerMessage)
        case other

        /// The reason behind an error met while connecting or asking the version.
        init(connecting error: any Error) {
            guard let error = error as? PSQLError else {
                self = .other
                return
            }
            switch error.code {
            case .server:
                self =
                    switch error.sqlState {
                    case "28P01": .wrongPassword
                    case "28000": .notAllowed
                    case "3D000": .unknownDatabase
                    default: .server(PostgresServerMessage(error))
                    }
            case .authMechanismRequiresPassword:
                self = .passwordNeeded
            case .sslUnsupported:
                self = .tlsUnavailable
            case .failedToAddSSLHandler:
                self = .tlsFailed
            case .connectionError:
                self = Self(connectionError: error.underlying)
            default:
                self = .other
            }
        }

        /// A socket that could not be opened: a name that does not resolve, a port nobody listens on, or no answer.
        private init(connectionError: (any Error)?) {
            switch connectionError {
            case let error as NIOConnectionError:
                let refused = error.connectionErrors.contains { failure in
                    (failure.error as? IOError)?.errnoCode == ECONNREFUSED
                }
                if refused {
                    self = .refused
                } else if error.connectionErrors.isEmpty {
                    self = .unknownHost
                } else {
                    self = .unreachable
                }
            case let error as IOError where error.errnoCode == ECONNREFUSED:
                self = .refused
            case is SocketAddressError:
                self = .unknownHost
            case is NIOSSLError:
                self = .tlsFailed
            default:
                self = .unreachable
            }
        }
    }

    public let database: String
    public let reason: Reason

    init(_ settings: PostgresSettings, _ reason: Reason) {
        self.database = settings.description
        self.reason = reason
    }

    public var description: String {
        let problem =
            switch reason {
            case .wrongPassword: "the password was refused for this user (set it in PGPASSWORD or DESKFLOW_DATABASE)"
            case .passwordNeeded: "the server asks for a password (set it in PGPASSWORD or DESKFLOW_DATABASE)"
            case .notAllowed: "the server does not let this user connect to this database"
            case .unknownDatabase: "the database does not exist on this server"
            case .unknownHost: "the host name cannot be resolved"
            case .refused: "the connection was refused: no PostgreSQL server is listening at this host and port"
            case .unreachable: "the server cannot be reached at this host and port"
            case .tlsUnavailable: "the server does not offer TLS, which the sslmode requires"
            case .tlsFailed: "the TLS connection failed (with sslmode=verify-full, the server's certificate was refused)"
            case .tlsSetUp: "TLS could not be set up on this machine"
            case .serverTooOld(let version): "the server is PostgreSQL \(Self.readable(version)); Deskflow needs 15 or newer"
            case .server(let message): "the server refused the connection: \(message)"
            case .other: "the connection failed"
            }
        return "cannot use the database \(database): \(problem)"
    }

    /// `150004` as `15.4`, `90624` as `9.6.24`.
    static func readable(_ version: Int) -> String {
        version >= 100_000 ? "\(version / 10_000).\(version % 10_000)" : "\(version / 10_000).\(version / 100 % 100).\(version % 100)"
    }
}
