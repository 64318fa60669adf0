/// Why the database cannot take a request right now: conditions of the disk, of the server or of other processes,
/// not of the request. Each one passes (space freed, permissions restored, the other process done), so the answer is
/// "try again later" and nothing the manager sent was applied.
public enum DatabaseFault: String, Sendable, Equatable, DatabaseFaultConvertible {
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

    /// The fault behind `error`, or `nil` when the error is not a database condition (a bug, a constraint). Each
    /// engine says which of its errors are faults (`DatabaseFaultConvertible`).
    public init?(_ error: any Error) {
        guard let convertible = error as? any DatabaseFaultConvertible, let fault = convertible.databaseFault else {
            return nil
        }
        self = fault
    }

    /// A fault thrown as itself, where code above the engines finds the database unusable.
    public var databaseFault: DatabaseFault? { self }
}

/// An engine's error that may be a `DatabaseFault`: each engine's driver error conforms, mapping its own codes.
public protocol DatabaseFaultConvertible: Error {
    /// The fault this error is, or `nil` when it is not a condition of the database (a bug, a constraint).
    var databaseFault: DatabaseFault? { get }
}
