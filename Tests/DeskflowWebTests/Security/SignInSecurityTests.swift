import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

@Suite("Security: sign-in throttling and what is logged")
struct SignInSecurityTests {
    static func attempt(
        _ client: any TestClientProtocol, email: String = TestStaff.managerEmail, password: String
    ) async throws -> TestResponse {
        let anonymous = try #require(try await client.get("/login", cookie: nil).sessionCookie)
        return try await client.post(
            "/login", cookie: anonymous,
            form: ["csrf_token": "fixed-token", "email": email, "password": password, "next": "/orders"])
    }

    @Test("once locked, the right password is refused for every account from that address until the window has passed")
    func lockOpensAfterWindow() async throws {
        let throttle = SignInThrottle()
        let clock = MovableClock(testNow)
        try await TestApp.make(clock: clock.appClock).run { client in
            for number in 0..<throttle.maximumFailures {
                let response = try await Self.attempt(client, password: "wrong password \(number)")
                #expect(response.status == .unprocessableContent, "failure \(number + 1) is an ordinary refusal")
                clock.advance(by: 1)
            }
            for email in [TestStaff.managerEmail, TestStaff.viewerEmail] {
                let locked = try await Self.attempt(client, email: email, password: TestStaff.password)
                #expect(locked.status == .tooManyRequests, "\(email)")
                #expect(locked.html.contains("Too many failed sign-in attempts. Wait a few minutes, then try again."))
                #expect(locked.sessionCookie == nil, "no session for \(email)")
            }
            clock.advance(by: throttle.window + 1)
            let open = try await Self.attempt(client, password: TestStaff.password)
            #expect(open.status == .seeOther)
            #expect(open.headers[.location] == "/orders")
            let cookie = try #require(open.sessionCookie)
            #expect(try await client.get("/orders", cookie: cookie).status == .ok)
        }
    }

    @Test("no password is ever logged: not on success, refusal, throttling or a viewer's refused change")
    func passwordsNeverLogged() async throws {
        let logs = LogCapture()
        let wrong = (0..<11).map { "Wr0ng-\($0)-\(UUID().uuidString)" }
        try await TestApp.make().run(logs: logs) { client in
            #expect(try await Self.attempt(client, password: TestStaff.password).status == .seeOther)
            #expect(
                try await Self.attempt(client, email: "nobody@example.com", password: wrong[0]).status
                    == .unprocessableContent)
            // the password typed where the email goes is the user's mistake, and is logged as an email: not tested
            for password in wrong.dropFirst() { _ = try await Self.attempt(client, password: password) }
            #expect(try await Self.attempt(client, password: TestStaff.password).status == .tooManyRequests)
            #expect(
                try await Self.attempt(client, email: TestStaff.viewerEmail, password: TestStaff.password).status
                    == .tooManyRequests)
        }
        let viewerLogs = LogCapture()
        try await TestApp.make().run(logs: viewerLogs) { client in
            let cookie = try await client.signIn(as: TestStaff.viewerEmail)
            _ = try await client.post("/orders/1001/cancel", cookie: cookie, form: CancelOrderTests.form())
        }
        let text = logs.text + "\n" + viewerLogs.text
        // the log really was captured, with every kind of attempt
        for message in ["signed in", "sign-in refused", "sign-in throttled", "viewer POST refused"] {
            #expect(text.contains(message), "nothing logged as “\(message)”")
        }
        for password in [TestStaff.password] + wrong {
            #expect(!text.contains(password), "the password \(password) was logged")
        }
        #expect(!text.lowercased().contains("correct horse"))
    }

    @Test("adding a staff member never shows the password, whether it is accepted or refused")
    func addingStaff() async throws {
        let database = try TestDatabase.temporary()
        let accounts = StaffAccounts(database: database, hasher: PasswordHasher(cost: 10), clock: .fixed(testNow))
        for password in ["short1", String(repeating: "long-Pässword", count: 8), "tab\tinside-the-password"] {
            do {
                _ = try await accounts.addUser(
                    email: "new@example.com", name: "New Person", role: .manager, password: password)
                Issue.record("\(password.debugDescription) was accepted")
            } catch {
                #expect(!"\(error)".contains(password) && !String(reflecting: error).contains(password))
            }
        }
        let accepted = "Accepted-\(UUID().uuidString.prefix(8))"
        let user = try await accounts.addUser(
            email: "new@example.com", name: "New Person", role: .manager, password: accepted)
        #expect(!String(reflecting: user).contains(accepted))
        do {
            _ = try await accounts.addUser(email: "new@example.com", name: "Again", role: .viewer, password: accepted)
            Issue.record("a second account with the same email was added")
        } catch {
            #expect(!String(reflecting: error).contains(accepted))
        }
    }

    static let executable = packageRoot.appendingPathComponent(".build/debug/deskflow").path

    /// `swift test` builds every product, the executable included, so a missing one is a failure, not a skip.
    @Test("deskflow user add prints and logs nothing of the password, at any log level")
    func userAddCommand() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable),
            "needs the deskflow executable: run swift build (swift test builds it)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deskflow-user-add-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("staff.sqlite").path
        let accepted = "Cli-Secret-\(UUID().uuidString.prefix(8))"
        for (password, succeeds) in [
            (accepted, true), ("shortpw", false), (accepted, false), ("x" + String(repeating: "é", count: 40), false),
        ] {
            let (status, text) = try await offThread { () throws -> (Int32, String) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Self.executable)
                process.arguments = [
                    "user", "add", "--database", database, "--email", "cli@example.com", "--name", "Cli User", "--role",
                    "manager", "--password-stdin",
                ]
                process.environment = ["LOG_LEVEL": "trace", "PATH": "/usr/bin:/bin"]
                let input = Pipe(), output = Pipe(), errors = Pipe()
                process.standardInput = input
                process.standardOutput = output
                process.standardError = errors
                try process.run()
                input.fileHandleForWriting.write(Data((password + "\n").utf8))
                try input.fileHandleForWriting.close()
                let printed =
                    output.fileHandleForReading.readDataToEndOfFile() + errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
            }
            #expect((status == 0) == succeeds, "\(password): \(text)")
            #expect(!text.contains(password), "the password was printed: \(text)")
        }
    }
}
