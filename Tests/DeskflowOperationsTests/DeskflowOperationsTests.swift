import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import Synchronization
import Testing

@testable import DeskflowOperations

/// The operations' specification. Every feature is a nested suite in its own file.
@Suite("Deskflow operations")
struct DeskflowOperationsTests {}

enum OperationsFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    /// The cheapest cost the hasher allows, to keep the tests quick.
    static let hasher = PasswordHasher(cost: 10)
    /// Sign-in logs at notice and above; the tests keep only errors out of the way of the test report.
    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func definition() throws -> DemoStoreDefinition {
        try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
    }

    static func accounts(_ database: any DeskflowDatabase, clock: AppClock = .fixed(now)) -> StaffAccounts {
        StaffAccounts(database: database, hasher: hasher, clock: clock)
    }

    static func signInService(_ database: any DeskflowDatabase, clock: AppClock = .fixed(now)) async -> SignInService {
        await SignInService(database: database, hasher: hasher, clock: clock, logger: logger)
    }
}

/// A clock the test moves by hand.
final class MovableClock: Sendable {
    private let date: Mutex<Date>

    init(_ start: Date) { date = Mutex(start) }

    var now: Date { date.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        date.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var appClock: AppClock { AppClock { self.now } }
}
