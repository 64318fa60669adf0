/// Where `--database` points: a SQLite file, or a PostgreSQL database named by a `postgres://` or `postgresql://` URL.
/// The scheme picks the engine. Its description never holds a password, and is what every message names.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Where the text came from: a password may ride in the URL only from the environment.
    public enum Source: Sendable, Equatable {
        case commandLine, environment
    }

    public static let defaultPath = "./deskflow.sqlite"

    /// `--database` when given, else `DESKFLOW_DATABASE`, else `./deskflow.sqlite`.
    public static func chosen(option: String?, environment: [String: String]) throws(CommandLineError) -> DatabaseLocation {
        if let option { return try DatabaseLocation(parsing: option, from: .commandLine, environment: environment) }
        if let variable = environment["DESKFLOW_DATABASE"] {
            return try DatabaseLocation(parsing: variable, from: .environment, environment: environment)
        }
        return .sqlite(path: defaultPath)
    }

    /// A text with a scheme (`name://`) is a URL, and only postgres and postgresql are known; anything else is a path.
    public init(parsing text: String, from source: Source, environment: [String: String]) throws(CommandLineError) {
        guard !text.isEmpty else {
            throw CommandLineError("--database is empty: give a SQLite file path or a postgres:// URL")
        }
        guard let scheme = Self.scheme(of: text) else {
            self = .sqlite(path: text)
            return
        }
        guard ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            let shown = scheme.count <= 20 ? scheme : "of this URL"
            throw CommandLineError(
                "--database knows SQLite file paths and postgres:// URLs; the scheme \(shown) is not one of them")
        }
        self = .postgres(try PostgresLocation(parsing: text, from: source, environment: environment))
    }

    /// The path to the file with SQLite, or the redacted URL.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let server): server.description
        }
    }

    /// The file `deskflow backup` copies through SQLite's online backup. PostgreSQL has its own tools for it, which
    /// also cover what a file copy cannot (a replica, recovery to a moment), so they are named instead.
    public func fileToBackUp() throws(CommandLineError) -> String {
        switch self {
        case .sqlite(let path): return path
        case .postgres:
            throw CommandLineError(
                "deskflow backup copies SQLite files; back up PostgreSQL with pg_dump, or with the server's "
                    + "point-in-time recovery (base backups and WAL archiving)")
        }
    }

    /// `postgres` in `postgres://…`, `postgres:` alone too (a URL with its slashes missing); `nil` for a path.
    private static func scheme(of text: String) -> Substring? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        let isPostgres = ["postgres", "postgresql"].contains(scheme.lowercased())
        return text[colon...].hasPrefix("://") || isPostgres ? scheme : nil
    }
}
