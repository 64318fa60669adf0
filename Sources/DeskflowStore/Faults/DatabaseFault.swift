import GRDB

/// Why the database cannot take a request right now: conditions of the disk or of other processes, not of the
/// request. Each one passes (space freed, permissions restored, the other process done), so the answer is
/// "try again later" and nothing the manager sent was applied.
public enum DatabaseFault: String, Sendable, Equatable {
    /// The file, its folder or the whole file system became read-only.
    case readOnly
    /// The disk is full, or the database reached its size limit.
    case full
    /// Another process held the database past the busy timeout.
    case busy
    /// The operating system failed a read or write.
    case diskError
    /// The file or its WAL could not be opened.
    case cannotOpen

    /// The fault behind `error`, or `nil` when the error is not a database condition (a bug, a constraint).
    public init?(_ error: any Error) {
        guard let databaseError = error as? DatabaseError else { return nil }
        switch databaseError.resultCode {
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: self = .readOnly
        case .SQLITE_FULL: self = .full
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_IOERR, .SQLITE_NOLFS: self = .diskError
        case .SQLITE_CANTOPEN: self = .cannotOpen
        default: return nil
        }
    }
}
