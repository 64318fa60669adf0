import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A PostgreSQL store's pool of connections. It is a ServiceLifecycle service: queries wait until `run()` is running,
/// so a server, a command or a test runs it around its work with `withRunningEngine`.
public final class PostgresEngine: Service, Sendable {
    public let settings: PostgresSettings
    public let client: PostgresClient
    let logger: Logger
    private let started = Atomic<Bool>(false)

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
        started.store(true, ordering: .releasing)
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
            // The first lease waits for the pool either way; waiting for it to start here keeps PostgresNIO from
            // warning that it was asked before `run()`.
            while !engine.started.load(ordering: .acquiring) { await Task.yield() }
            return try await body(engine)
        }
    }
}
