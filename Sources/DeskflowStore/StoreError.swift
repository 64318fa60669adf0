public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case backupFailed(path: String, reason: String)
    /// The database holds migrations this build does not know: a newer Deskflow migrated it. Serving it could write
    /// rows that newer schema does not expect, so it is refused.
    case migratedByNewerVersion(path: String, migrations: [String])
    /// Another `deskflow serve` is serving this SQLite database. The SQLite engine serves from one process; several
    /// instances share a PostgreSQL database instead.
    case servedElsewhere(path: String)
    case notFound
    case conflict(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database at \(path): \(reason)"
        case .backupFailed(let path, let reason): "cannot write the backup to \(path): \(reason)"
        case .migratedByNewerVersion(let path, let migrations):
            "the database at \(path) was migrated by a newer version of Deskflow (\(migrations.joined(separator: ", "))); "
                + "run that version or a later one"
        case .servedElsewhere(let path):
            "another deskflow serve is already serving \(path); stop it first (several instances need PostgreSQL)"
        case .notFound: "not found"
        case .conflict(let reason): reason
        }
    }
}
