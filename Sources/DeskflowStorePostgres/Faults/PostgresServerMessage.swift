import PostgresNIO

/// What the server said when it refused a statement, as one line: its message and SQLSTATE. postgres-nio's own
/// description of an error is deliberately empty (it would risk showing a query's values), so messages meant for
/// an operator are made from this instead. The server's message names objects, never a password.
public struct PostgresServerMessage: Sendable, Equatable, CustomStringConvertible {
    public let sqlState: String
    public let message: String

    public init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    init(_ error: PSQLError) {
        self.init(sqlState: error.sqlState ?? "?????", message: error.serverInfo?[.message] ?? "no message")
    }

    public var description: String {
        "\(message) (SQLSTATE \(sqlState))"
    }
}
