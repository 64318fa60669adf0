public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case backupFailed(path: String, reason: String)
    case notFound
    case conflict(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database at \(path): \(reason)"
        case .backupFailed(let path, let reason): "cannot write the backup to \(path): \(reason)"
        case .notFound: "not found"
        case .conflict(let reason): reason
        }
    }
}
