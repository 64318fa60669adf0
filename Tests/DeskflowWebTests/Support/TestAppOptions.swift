import DeskflowOperations
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

@testable import DeskflowWeb

extension TestApp {
    /// The same app with real random CSRF tokens and idempotency keys (each session and form its own), as served.
    func withRandomTokens() -> TestApp {
        configured { $0.makeToken = { UUID().uuidString.lowercased() } }
    }

    /// The same app with its configuration changed, for example `secureCookies`.
    func configured(_ change: (inout AppConfiguration) -> Void) -> TestApp {
        var configuration = configuration
        change(&configuration)
        return TestApp(database: database, configuration: configuration)
    }

    /// Like `run`, with everything the app logs (at every level) kept in `logs`.
    func run<Value>(
        _ setup: TestingSetup = .router, logs: LogCapture,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = try await buildApplication(configuration: configuration, database: database, logger: logs.logger)
        return try await app.test(setup, body)
    }
}
