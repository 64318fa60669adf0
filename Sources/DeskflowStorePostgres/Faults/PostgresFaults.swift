import DeskflowStore
// The pool's own error, thrown as it is when the server has been unreachable too long (its circuit breaker).
import _ConnectionPoolModule
import PostgresNIO

extension DatabaseFault {
    /// The fault behind an error from PostgreSQL or its pool, or `nil` when the error is not a condition of the
    /// database (a bug, a constraint, the request's own error).
    public init?(postgres error: any Error) {
        let fault: DatabaseFault? =
            switch error {
            case let error as PSQLError: error.databaseFault
            case let error as PostgresTransactionError: error.databaseFault
            case let error as ConnectionPoolError: error.databaseFault
            default: nil
            }
        guard let fault else { return nil }
        self = fault
    }
}

extension PSQLError: DatabaseFaultConvertible {
    /// What the request's page says: a server going away, restarting or overloaded is `busy` (try again shortly);
    /// a standby promoted in a failover that this connection still reaches is `readOnly`; a full disk is `full`.
    public var databaseFault: DatabaseFault? {
        switch code {
        case .server:
            sqlState.flatMap(Self.fault(forSQLState:))
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            .busy
        default:
            nil
        }
    }

    /// The fault for a server's SQLSTATE: https://www.postgresql.org/docs/current/errcodes-appendix.html
    static func fault(forSQLState state: String) -> DatabaseFault? {
        if state.hasPrefix("08") { return .busy }  // connection exception
        return switch state {
        case "57P01", "57P02", "57P03": .busy  // admin shutdown, crash shutdown, cannot connect now
        case "57014": .busy  // query cancelled (a statement timeout)
        case "53300": .busy  // too many connections
        case "55P03": .busy  // lock not available (a lock timeout)
        case "40001", "40P01": .busy  // a serialization failure or deadlock left after every retry
        case "25006": .readOnly  // read-only SQL transaction: a standby, or a primary demoted by a failover
        case "53100": .full  // disk full
        case "58030": .diskError  // I/O error
        default: nil
        }
    }
}

extension PostgresTransactionError: DatabaseFaultConvertible {
    /// The fault behind whichever step of the transaction failed.
    public var databaseFault: DatabaseFault? {
        for error in [beginError, closureError, commitError, rollbackError].compactMap(\.self) {
            if let fault = DatabaseFault(postgres: error) { return fault }
        }
        return nil
    }
}

extension ConnectionPoolError: DatabaseFaultConvertible {
    /// The pool stops waiting for a connection after failing to make one for a while: the server is away.
    public var databaseFault: DatabaseFault? {
        switch self {
        case .connectionCreationCircuitBreakerTripped, .poolShutdown: .busy
        default: nil
        }
    }
}
