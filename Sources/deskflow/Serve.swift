import ArgumentParser
import DeskflowCommandLine
import DeskflowDomain
import DeskflowOperations
import DeskflowProviders
import DeskflowSimulation
import DeskflowStore
import DeskflowStoreSQLite
import DeskflowWeb
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the admin web server.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "The address to listen on.") var host: String = ProcessInfo.processInfo.environment["DESKFLOW_HOST"] ?? "127.0.0.1"
    @Option(help: "The port to listen on.") var port: Int = Int(ProcessInfo.processInfo.environment["DESKFLOW_PORT"] ?? "") ?? 8080
    @Flag(help: "Seed the demo store into an empty database and print a sign-in.") var demo = false
    @Option(help: ArgumentHelp(
        "Where customer messages are written as .eml files (default: mail/ beside a SQLite database; with a PostgreSQL "
            + "URL this or --sendmail is required, and every instance must share the folder).", valueName: "dir"))
    var mailDir: String?
    @Option(help: ArgumentHelp("Send customer messages through this sendmail-compatible command instead, for example \"/usr/sbin/sendmail -t -i\".", valueName: "command"))
    var sendmail: String? = ProcessInfo.processInfo.environment["DESKFLOW_SENDMAIL"]
    @Option(help: "The store name customers see on their email.") var storeName: String = MailIdentity.demo.storeName
    @Option(help: "The address customer email comes from.") var mailFrom: String = MailIdentity.demo.fromAddress
    @Option(help: "The folder holding Templates/ and Public/ (default: the working directory, then the package root).")
    var root: String?
    @Flag(help: "Mark cookies Secure: use when Deskflow is served over HTTPS.") var secureCookies = false
    @Option(help: ArgumentHelp("The largest request body accepted, in KiB; larger ones get 413.", valueName: "KiB"))
    var maxBody: Int = 256
    @Option(help: ArgumentHelp("Seconds a connection may stay silent, or a form take to arrive, before it is dropped.", valueName: "seconds"))
    var readTimeout: Int = 30
    @Option(help: ArgumentHelp(
        "Who moves Stripe payments: simulated (nobody: their calls wait) or stripe (needs STRIPE_SECRET_KEY). "
            + "Simulated payments always go to the simulator."))
    var payments: PaymentsSetting = .simulated
    @Option(help: ArgumentHelp("Stripe's API, or a stand-in for it.", valueName: "URL"))
    var stripeApiBase: String = StripeConfiguration.defaultAPIBase.absoluteString
    @Option(help: ArgumentHelp(
        "POST the storefront's order events here, signed with DESKFLOW_WEBHOOK_SECRET from the environment.", valueName: "URL"))
    var webhookUrl: String?
    @Option(help: ArgumentHelp(
        "Send Contact support requests about failed orders here; without it the action is shown disabled.",
        valueName: "ADDRESS"))
    var supportEmail: String?
    @Option(help: ArgumentHelp(
        "A load balancer or reverse proxy, like 10.0.0.0/8 or ::1/128, whose X-Forwarded-For names the client for "
            + "sign-in throttling and the logs; repeat for several. Without it the header is ignored.",
        valueName: "CIDR"))
    var trustedProxy: [String] = []

    enum PaymentsSetting: String, ExpressibleByArgument, CaseIterable {
        case simulated, stripe
    }

    func validate() throws {
        guard (1...65_536).contains(maxBody) else { throw ValidationError("--max-body must be from 1 to 65536 KiB") }
        guard (1...3_600).contains(readTimeout) else { throw ValidationError("--read-timeout must be from 1 to 3600 seconds") }
        guard StripeConfiguration.apiBase(stripeApiBase) != nil else {
            throw ValidationError("--stripe-api-base must be an http or https URL, like https://api.stripe.com")
        }
    }

    /// The storefront's endpoint with its secret under `--webhook-url`, `nil` without. Refused in one line when the
    /// address is not http(s) or the secret is missing; the secret comes from the environment only.
    private func webhookEndpoint() throws -> (url: String, secret: String)? {
        guard let webhookUrl else { return nil }
        guard let url = URL(string: webhookUrl), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw CommandFailure("--webhook-url must be an http:// or https:// address")
        }
        let secret = (ProcessInfo.processInfo.environment["DESKFLOW_WEBHOOK_SECRET"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty else {
            throw CommandFailure("--webhook-url needs DESKFLOW_WEBHOOK_SECRET in the environment: the secret events are signed with")
        }
        return (webhookUrl, secret)
    }

    /// The support address under `--support-email`, `nil` without; refused in one line when it is not one plain address.
    private func supportAddress() throws -> SupportAddress? {
        guard let supportEmail else { return nil }
        guard let address = SupportAddress(supportEmail.trimmingCharacters(in: .whitespaces)) else {
            throw CommandFailure("--support-email must be one email address, like support@example.com")
        }
        return address
    }

    /// Stripe's settings with `--payments stripe`, `nil` without. The key comes from the environment only, never from
    /// the command line, where other users of the machine could read it.
    private func stripeConfiguration() throws -> StripeConfiguration? {
        guard payments == .stripe else { return nil }
        guard let key = StripeSecretKey(ProcessInfo.processInfo.environment["STRIPE_SECRET_KEY"] ?? "") else {
            throw CommandFailure(
                "--payments stripe needs Stripe's secret key in the STRIPE_SECRET_KEY environment variable")
        }
        return StripeConfiguration(apiBase: StripeConfiguration.apiBase(stripeApiBase)!, secretKey: key)
    }

    func run() async throws {
        var logger = Logger(label: "deskflow")
        logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? .info
        let stripe = try stripeConfiguration()
        let webhooks = try webhookEndpoint()
        let support = try supportAddress()
        let trustedProxies = try await oneLineErrors { try TrustedProxies(parsing: trustedProxy) }
        let location = try options.location()
        let mail = try await oneLineErrors {
            try MailSetting.chosen(mailDir: mailDir, sendmail: sendmail, database: location)
        }
        let resourceRoot = try await oneLineErrors { try ResourceRoot.locate(explicit: root) }
        // SQLite is served by one process: its lock proves it, so start-up may settle everything a stopped run left.
        let serveLock = try await oneLineErrors { () async throws -> ServeLock? in
            guard case .sqlite(let path) = location else { return nil }
            return try await ServeLock.acquire(databasePath: path)
        }
        var configuration = AppConfiguration(
            host: host, port: port, resourceRoot: resourceRoot, secureCookies: secureCookies,
            trustedProxies: trustedProxies, logLevel: logger.logLevel,
            mail: mail, mailIdentity: MailIdentity(storeName: storeName, fromAddress: mailFrom), supportAddress: support,
            requestBodyLimit: maxBody * 1024, readTimeout: .seconds(readTimeout))
        configuration.startupRecovery = serveLock == nil ? .pastLease : .everythingLeft
        try await options.withDatabase(location, logger: logger) { database in
            // After the database opened: one from a newer version is refused first, whatever the port.
            try await ensurePortIsFree()
            let signIn = try await seedDemoStore(into: database, configuration: configuration)
            try await Self.withStripeGateway(stripe, logger: logger) { stripeGateway in
                configuration.stripeGateway = stripeGateway
                try await Self.withWebhookSender(webhooks) { webhooks in
                    configuration.webhooks = webhooks
                    try await serve(configuration, database: database, signIn: signIn, logger: logger)
                }
            }
        }
        withExtendedLifetime(serveLock) {}
    }

    /// With `--demo`, seeds the demo store into an empty database and returns its sign-in; `nil` otherwise.
    private func seedDemoStore(into database: any DeskflowDatabase, configuration: AppConfiguration) async throws -> DemoSignIn? {
        guard demo else { return nil }
        let definition = try DemoStoreDefinition.load(from: configuration.demoStoreDefinition)
        let accounts = StaffAccounts(database: database, hasher: configuration.passwordHasher, clock: .system)
        // The server's payments go through the simulated provider (the configuration's default): its ledger gets the
        // seeded calls.
        let simulation = try await oneLineErrors { try await Simulation.setUp(on: database) }
        return try await DemoSetup(
            database: database, accounts: accounts, clock: .system, paymentCallLedger: simulation.seededPaymentCalls
        ).seedIfEmpty(definition)
    }

    /// Runs `body` with the storefront's webhook endpoint and its sender when there is one; the sender's HTTP client is
    /// shut down when the server stops.
    private static func withWebhookSender(
        _ endpoint: (url: String, secret: String)?, _ body: (WebhookSetting?) async throws -> Void
    ) async throws {
        guard let endpoint else { return try await body(nil) }
        try await HTTPWebhookSender.withSender(secret: endpoint.secret) { sender in
            try await body(WebhookSetting(endpoint: endpoint.url, sender: sender))
        }
    }

    /// Runs `body` with the Stripe gateway when there is one; its HTTP client is shut down when the server stops.
    private static func withStripeGateway(
        _ stripe: StripeConfiguration?, logger: Logger, _ body: ((any PaymentGateway)?) async throws -> Void
    ) async throws {
        guard let stripe else { return try await body(nil) }
        try await StripeGateway.withGateway(stripe, logger: logger) { try await body($0) }
    }

    private func serve(
        _ configuration: AppConfiguration, database: any DeskflowDatabase, signIn: DemoSignIn?, logger: Logger
    ) async throws {
        let app = try await oneLineErrors {
            try await buildApplication(configuration: configuration, database: database, logger: logger)
        }
        print("Deskflow is running at http://\(host):\(port)/")
        if configuration.stripeGateway != nil {
            print("Stripe payments go to \(StripeConfiguration.apiBase(stripeApiBase)!.absoluteString)")
        } else {
            print("Stripe is not set up: calls about Stripe payments wait until the server runs with --payments stripe")
        }
        switch configuration.mail {
        case .maildir(let folder): print("Customer email is written to \(folder.path)")
        case .sendmail(let command): print("Customer email is sent with: \(command.joined(separator: " "))")
        }
        if let webhooks = configuration.webhooks { print("Order events are posted to \(webhooks.endpoint)") }
        if !configuration.trustedProxies.networks.isEmpty {
            let networks = configuration.trustedProxies.networks.map(\.description).joined(separator: ", ")
            print("Client addresses are read from X-Forwarded-For on connections from \(networks)")
        }
        if let support = configuration.supportAddress {
            print("Support requests go to \(support)")
        } else {
            print("Contact support is off: start with --support-email ADDRESS to send requests to your support team")
        }
        if let signIn {
            print("Demo store seeded. Sign in as \(signIn.email) with password \(signIn.password)")
            print("(The password is shown only this once.)")
        } else if demo {
            print("The database already holds a store; sign in with an existing account (deskflow user add …).")
        }
        fflush(nil)
        try await app.runService()
    }

    /// Fails fast, in one line, when another process already listens on the port.
    private func ensurePortIsFree() async throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else { return }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { throw CommandFailure("port \(port) on \(host) is already in use; choose another with --port") }
    }
}
