import DeskflowStorePostgres

extension PostgresLocation {
    /// What the engine connects with: the parts read from the URL, and the password from wherever it came.
    public var settings: PostgresSettings {
        let mode: PostgresSettings.SSLMode =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer
            case .require: .require
            }
        return PostgresSettings(
            host: host, port: port, user: user, password: password?.revealed, database: database, sslMode: mode)
    }
}
