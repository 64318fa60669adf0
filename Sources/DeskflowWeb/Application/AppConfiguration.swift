import DeskflowOperations
import DeskflowStore
import Foundation
import Logging

/// Everything `buildApplication` needs to know: where to listen, where its files are, and the seams that tests pin.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The folder holding `Templates/`, `Public/` and `Resources/`.
    public var resourceRoot: URL
    /// Send cookies only over TLS. On when Deskflow is served behind HTTPS.
    public var secureCookies: Bool
    public var clock: AppClock
    public var timeZone: TimeZone
    /// Makes CSRF tokens and idempotency keys; tests make them predictable so snapshots do not flicker.
    public var makeToken: @Sendable () -> String
    public var sessionIdleLifetime: Duration
    public var sessionAbsoluteLifetime: Duration
    public var passwordHasher: PasswordHasher
    public var logLevel: Logger.Level
    /// The payment provider; `nil` means the embedded simulated gateway.
    public var paymentGateway: (any PaymentGateway)?
    /// The warehouse; `nil` means the embedded simulated warehouse.
    public var warehouse: (any Warehouse)?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        resourceRoot: URL,
        secureCookies: Bool = false,
        clock: AppClock = .system,
        timeZone: TimeZone = .current,
        makeToken: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        sessionIdleLifetime: Duration = .seconds(2 * 60 * 60),
        sessionAbsoluteLifetime: Duration = .seconds(12 * 60 * 60),
        passwordHasher: PasswordHasher = PasswordHasher(),
        logLevel: Logger.Level = .info,
        paymentGateway: (any PaymentGateway)? = nil,
        warehouse: (any Warehouse)? = nil
    ) {
        self.host = host
        self.port = port
        self.resourceRoot = resourceRoot
        self.secureCookies = secureCookies
        self.clock = clock
        self.timeZone = timeZone
        self.makeToken = makeToken
        self.sessionIdleLifetime = sessionIdleLifetime
        self.sessionAbsoluteLifetime = sessionAbsoluteLifetime
        self.passwordHasher = passwordHasher
        self.logLevel = logLevel
        self.paymentGateway = paymentGateway
        self.warehouse = warehouse
    }

    /// The configured payment provider, or the embedded simulated one.
    func gateway(_ database: AppDatabase) -> any PaymentGateway {
        paymentGateway ?? SimulatedGateway(database: database, clock: clock)
    }

    func warehouse(_ database: AppDatabase) -> any Warehouse {
        warehouse ?? SimulatedWarehouse(database: database)
    }

    public var templatesDirectory: URL { resourceRoot.appendingPathComponent("Templates", isDirectory: true) }
    public var publicDirectory: URL { resourceRoot.appendingPathComponent("Public", isDirectory: true) }
    public var demoStoreDefinition: URL { resourceRoot.appendingPathComponent("Resources/demo-store.json") }
}
