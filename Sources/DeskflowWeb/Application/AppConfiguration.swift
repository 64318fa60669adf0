import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
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
    /// The load balancers whose `X-Forwarded-For` names the client (`--trusted-proxy`); none by default.
    public var trustedProxies: TrustedProxies
    public var clock: AppClock
    public var timeZone: TimeZone
    /// Makes CSRF tokens and idempotency keys; tests make them predictable so snapshots do not flicker.
    public var makeToken: @Sendable () -> String
    /// Makes a new staff member's one-time password; tests pin it so the page that shows it can be a snapshot.
    public var makePassword: @Sendable () -> String
    public var sessionIdleLifetime: Duration
    public var sessionAbsoluteLifetime: Duration
    public var passwordHasher: PasswordHasher
    public var logLevel: Logger.Level
    /// The gateway for simulated payments; `nil` means the embedded simulated gateway.
    public var paymentGateway: (any PaymentGateway)?
    /// The gateway for payments whose provider is Stripe; `nil` when this server has no Stripe key, and their calls
    /// wait pending (see `PaymentGatewayRouter`).
    public var stripeGateway: (any PaymentGateway)?
    /// The warehouse; `nil` means the embedded simulated warehouse.
    public var warehouse: (any Warehouse)?
    /// Where the storefront hears about its orders (`--webhook-url`), and what carries the events there; `nil`: no
    /// webhooks are queued.
    public var webhooks: WebhookSetting?
    /// Where customer messages go: `.eml` files in a folder, or a sendmail-compatible command.
    public var mail: MailSetting
    public var mailIdentity: MailIdentity
    /// Where Contact support sends a failed order's diagnostics (`--support-email`); `nil`: the action is shown
    /// disabled, saying how to set it.
    public var supportAddress: SupportAddress?
    public var deliveryPolicy: RetryPolicy
    /// Run the delivery worker and housekeeping with the server; tests run them by hand instead.
    public var runsBackgroundServices: Bool
    /// The largest request body accepted; a larger one is refused with 413 before anything is read or written.
    public var requestBodyLimit: Int
    /// How long a connection may send nothing (or a form may take to arrive) before it is closed or refused with
    /// 408, so a slow or half-open client cannot hold on to the server.
    public var readTimeout: Duration
    /// Sees every rendered page; the tests set it to compare the compiled templates with swift-mustache.
    public var pageAudit: (any PageAudit)?
    /// Which process this is, logged at start-up and carried by its outbox claims; tests give two apps on one
    /// database an id each.
    public var instance: InstanceID = .thisProcess
    /// What start-up takes over: everything left when this process alone serves the database (`deskflow serve` on
    /// SQLite holds its serve lock), otherwise only what outlived its lease.
    public var startupRecovery: StartupRecovery = .pastLease

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        resourceRoot: URL,
        secureCookies: Bool = false,
        trustedProxies: TrustedProxies = TrustedProxies(),
        clock: AppClock = .system,
        timeZone: TimeZone = .current,
        makeToken: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        makePassword: @escaping @Sendable () -> String = { OneTimePassword.make() },
        sessionIdleLifetime: Duration = .seconds(2 * 60 * 60),
        sessionAbsoluteLifetime: Duration = .seconds(12 * 60 * 60),
        passwordHasher: PasswordHasher = PasswordHasher(),
        logLevel: Logger.Level = .info,
        paymentGateway: (any PaymentGateway)? = nil,
        stripeGateway: (any PaymentGateway)? = nil,
        warehouse: (any Warehouse)? = nil,
        webhooks: WebhookSetting? = nil,
        mail: MailSetting = .maildir(URL(fileURLWithPath: "mail", isDirectory: true)),
        mailIdentity: MailIdentity = .demo,
        supportAddress: SupportAddress? = nil,
        deliveryPolicy: RetryPolicy = RetryPolicy(),
        runsBackgroundServices: Bool = true,
        requestBodyLimit: Int = 256 * 1024,
        readTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.resourceRoot = resourceRoot
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.clock = clock
        self.timeZone = timeZone
        self.makeToken = makeToken
        self.makePassword = makePassword
        self.sessionIdleLifetime = sessionIdleLifetime
        self.sessionAbsoluteLifetime = sessionAbsoluteLifetime
        self.passwordHasher = passwordHasher
        self.logLevel = logLevel
        self.paymentGateway = paymentGateway
        self.stripeGateway = stripeGateway
        self.warehouse = warehouse
        self.webhooks = webhooks
        self.mail = mail
        self.mailIdentity = mailIdentity
        self.supportAddress = supportAddress
        self.deliveryPolicy = deliveryPolicy
        self.runsBackgroundServices = runsBackgroundServices
        self.requestBodyLimit = requestBodyLimit
        self.readTimeout = readTimeout
    }

    /// The payment gateway, which sends each call to its payment's provider, and the warehouse. Where the simulated
    /// gateway or the warehouse is left `nil`, the embedded simulation's, once the simulation is set up on the
    /// database.
    func outsideSystems(
        _ database: any DeskflowDatabase, logger: Logger
    ) async throws -> (gateway: any PaymentGateway, warehouse: any Warehouse) {
        let simulated: any PaymentGateway =
            if let paymentGateway { paymentGateway } else {
                try await Simulation.setUp(on: database).gateway(clock: clock)
            }
        let warehouse: any Warehouse =
            if let warehouse { warehouse } else { try await Simulation.setUp(on: database).warehouse(clock: clock) }
        return (PaymentGatewayRouter(simulated: simulated, stripe: stripeGateway, logger: logger), warehouse)
    }

    /// The simulated provider's books, where a simulated payment a storefront took is recorded; `nil` when this
    /// server's payments go through a provider given to it.
    func simulatedLedger(_ database: any DeskflowDatabase) async throws -> (any SeededPaymentCallLedger)? {
        guard paymentGateway == nil else { return nil }
        return try await Simulation.setUp(on: database).seededPaymentCalls
    }

    func mailTransport() -> any MailTransport {
        switch mail {
        case .maildir(let folder): MaildirTransport(directory: folder)
        case .sendmail(let command): SendmailTransport(command: command)
        }
    }

    public var templatesDirectory: URL { resourceRoot.appendingPathComponent("Templates", isDirectory: true) }
    public var publicDirectory: URL { resourceRoot.appendingPathComponent("Public", isDirectory: true) }
    public var demoStoreDefinition: URL { resourceRoot.appendingPathComponent("Resources/demo-store.json") }
}

/// How customer email leaves Deskflow.
public enum MailSetting: Sendable {
    /// One `.eml` file per message in this folder.
    case maildir(URL)
    /// Piped to this command, for example `["/usr/sbin/sendmail", "-t", "-i"]`.
    case sendmail([String])
}

/// The storefront's webhook endpoint and the sender that signs and posts to it.
public struct WebhookSetting: Sendable {
    public var endpoint: String
    public var sender: any WebhookSender

    public init(endpoint: String, sender: any WebhookSender) {
        self.endpoint = endpoint
        self.sender = sender
    }
}
