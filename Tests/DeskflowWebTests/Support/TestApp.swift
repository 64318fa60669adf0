import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import DeskflowWeb

/// The package root, found from this file, so tests use the real Templates/, Public/ and Resources/.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The fixed moment every web test runs at, so dates in snapshots never change.
let testNow = Date(timeIntervalSince1970: 1_795_780_800)  // 2026-11-27 12:00 UTC

enum TestStaff {
    static let managerEmail = "manager@example.com"
    static let viewerEmail = "viewer@example.com"
    static let password = "correct horse battery"
    /// Where Contact support sends requests (`--support-email`); tests of a server without one set it to `nil`.
    static let supportAddress = SupportAddress("support@example.com")
}

/// A demo store seeded once per test run; each test gets its own copy of it.
///
/// The template stays open for the whole run and every copy is taken through that one handle, straight to a new
/// path. Opening it per copy kept its file descriptors open: SQLite defers closing a connection's file while another
/// connection of the process holds a lock on it, and with copies taken in parallel one nearly always did (over 500
/// descriptors of the template at once in a run of every test in parallel).
enum SeededTemplate {
    private static let template: Mutex<(any DeskflowDatabase)?> = Mutex(nil)

    static func copy() async throws -> any DeskflowDatabase {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskflow-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("deskflow.sqlite").path
        try await seededTemplate().backup(to: path)
        return try TestDatabase.open(path: path)
    }

    private static func seededTemplate() async throws -> any DeskflowDatabase {
        if let existing = template.withLock({ $0 }) { return existing }
        let database = try TestDatabase.temporary()
        try await seed(database)
        return template.withLock { stored in
            if let stored { return stored }
            stored = database
            return database
        }
    }
}

extension SeededTemplate {
    /// What every seeded test store holds, on either engine: the demo store at `testNow`, its payments in the simulated
    /// provider's ledger, and the two staff accounts.
    static func seed(_ database: any DeskflowDatabase) async throws {
        let definition = try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
        // The app's payments go through the simulated provider (the configuration's default): its ledger holds the
        // seeded calls.
        let simulation = try await Simulation.setUp(on: database)
        _ = try await database.seedDemoStore(definition, now: testNow, paymentCallLedger: simulation.seededPaymentCalls)
        let accounts = StaffAccounts(database: database, hasher: PasswordHasher(cost: 10), clock: .fixed(testNow))
        _ = try await accounts.addUser(email: TestStaff.managerEmail, name: "Maria Manager", role: .manager, password: TestStaff.password)
        _ = try await accounts.addUser(email: TestStaff.viewerEmail, name: "Victor Viewer", role: .viewer, password: TestStaff.password)
    }
}

struct TestApp {
    let database: any DeskflowDatabase
    var configuration: AppConfiguration

    var mailFolder: URL {
        guard case .maildir(let folder) = configuration.mail else { return URL(fileURLWithPath: "/nonexistent") }
        return folder
    }

    /// Delivers queued messages by hand, as the server's worker would; through `transport` when given, else the
    /// configuration's.
    func deliveryWorker(policy: RetryPolicy? = nil, transport: (any MailTransport)? = nil) async throws -> DeliveryWorker {
        DeliveryWorker(
            database: database, instance: configuration.instance,
            composer: try await EmailComposer(templatesDirectory: configuration.templatesDirectory, identity: configuration.mailIdentity),
            transport: transport ?? configuration.mailTransport(), webhooks: configuration.webhooks?.sender,
            policy: policy ?? configuration.deliveryPolicy, clock: configuration.clock,
            logger: { var logger = Logger(label: "test-delivery"); logger.logLevel = .critical; return logger }())
    }

    static func make(empty: Bool = false, clock: AppClock = .fixed(testNow), mailFolderIsBroken: Bool = false) async throws -> TestApp {
        let database = empty ? try TestDatabase.temporary() : try await SeededTemplate.copy()
        var mailFolder = URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("mail")
        if mailFolderIsBroken {
            // A file where the folder should be: every delivery fails to write.
            mailFolder = URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("mail-file")
            try Data("not a folder".utf8).write(to: mailFolder)
        }
        return try await make(on: database, mailFolder: mailFolder, clock: clock)
    }

    /// The app as every test runs it, on `database`, writing customer email into `mailFolder`.
    static func make(
        on database: any DeskflowDatabase, mailFolder: URL, clock: AppClock = .fixed(testNow)
    ) async throws -> TestApp {
        var configuration = AppConfiguration(
            resourceRoot: packageRoot, clock: clock, timeZone: TimeZone(identifier: "UTC")!,
            makeToken: { "fixed-token" }, passwordHasher: PasswordHasher(cost: 10), logLevel: .error,
            mail: .maildir(mailFolder), supportAddress: TestStaff.supportAddress,
            runsBackgroundServices: false)
        configuration.pageAudit = try await MustacheReference(templatesDirectory: configuration.templatesDirectory)
        return TestApp(database: database, configuration: configuration)
    }

    /// `.router` by default; `.live` when the test is about what crosses the wire (compression, framing).
    func run<Value>(
        _ setup: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "deskflow-test")
        logger.logLevel = .critical
        let app = try await buildApplication(configuration: configuration, database: database, logger: logger)
        return try await app.test(setup, body)
    }
}

extension TestClientProtocol {
    /// Signs in through the real form and returns the session cookie to send with later requests.
    func signIn(as email: String = TestStaff.managerEmail, password: String = TestStaff.password) async throws -> String {
        let anonymous = try await execute(uri: "/login", method: .get) { try #require($0.sessionCookie) }
        return try await execute(
            uri: "/login", method: .post, headers: .form(cookie: anonymous),
            body: .form(["csrf_token": "fixed-token", "email": email, "password": password, "next": "/orders"])
        ) { response in
            #expect(response.status == .seeOther)
            return try #require(response.sessionCookie)
        }
    }

    func get(_ uri: String, cookie: String?) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:]) { $0 }
    }

    func post(_ uri: String, cookie: String?, form: [String: String]) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: .form(cookie: cookie), body: .form(form)) { $0 }
    }
}

extension TestResponse {
    var html: String { String(buffer: body) }

    /// `deskflow_session=…` from the Set-Cookie header, ready to send back.
    var sessionCookie: String? {
        headers[values: .setCookie].lazy
            .compactMap { $0.split(separator: ";").first.map(String.init) }
            .first { $0.hasPrefix("\(SessionSettings.cookieName)=") }
    }
}

extension HTTPFields {
    static func form(cookie: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { fields[.cookie] = cookie }
        return fields
    }
}

extension ByteBuffer {
    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }
        return ByteBuffer(string: encoded.joined(separator: "&"))
    }
}
