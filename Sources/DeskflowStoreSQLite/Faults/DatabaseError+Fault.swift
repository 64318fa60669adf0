import DeskflowStore
import GRDB

/// SQLite's result codes as the faults the pages answer with 503.
extension DatabaseError: DatabaseFaultConvertible {
    public var databaseFault: DatabaseFault? {
        switch resultCode {
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: .readOnly
        case .SQLITE_FULL: .full
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
        case .SQLITE_IOERR, .SQLITE_NOLFS: .diskError
        case .SQLITE_CANTOPEN: .cannotOpen
        default: nil
        }
    }
}
