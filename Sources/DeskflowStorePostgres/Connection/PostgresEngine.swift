import Logging
import PostgresNIO
import ServiceLifecycle

/// A PostgreSQL store's pool of connections. It is a ServiceLifecycle service: queries wait until `run()` is running,
/// so `serve` adds it to its service group, and a command or a test runs it around its work with
/// `withRunningEngine`.
public final class PostgresEngine: Service, Sendable {
    public let settings: PostgresSettings
    public let client: PostgresClient
    let logger: Logger

    /// - Parameter searchPath: schemas every connection looks in first (a test's own schema); empty for the user's
    ///   default.
    public init(settings: PostgresSettings, searchPath: [String] = [], logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.client = PostgresClient(
            configuration: settings.clientConfiguration(searchPath: searchPath),
            backgroundLogger: logger
        )
    }

    /// Keeps the pool's connections until the task is cancelled or the service group shuts down.
    public func run() async {
        await client.run()
    }

    /// Runs `body` with a running engine, and stops the engine when `body` returns or throws.
    public static func withRunningEngine<Result>(
        settings: PostgresSettings,
        searchPath: [String] = [],
        logger: Logger,
        _ body: (PostgresEngine) async throws -> Result
    ) async throws -> Result {
        let engine = PostgresEngine(settings: settings, searchPath: searchPath, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await engine.run() }
            defer { group.cancelAll() }
            return try await body(engine)
        }
    }
}
