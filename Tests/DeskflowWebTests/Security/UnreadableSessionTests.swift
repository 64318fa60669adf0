import DeskflowOperations
import DeskflowStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// hummingbird-auth's session middleware takes a session it failed to read for no session, so the signed-in check
/// sees a request with its cookie and no session on the context. That request must not be sent to sign in while the
/// session is there: the database failed, and the page says so (503) instead of signing the manager out.
@Suite("Security: a session the database failed to read")
struct UnreadableSessionTests {
    /// Answers a database fault as 503 with the fault's name, as the app's error page does, so the test can see it.
    struct FaultStatusMiddleware: RouterMiddleware {
        typealias Context = AppRequestContext
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let error where DatabaseFault(error) != nil {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: DatabaseFault(error)!.rawValue)))
            }
        }
    }

    /// The signed-in check with no session middleware before it: every request arrives as one whose session was
    /// not read.
    static func application(_ database: any DeskflowDatabase) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: FaultStatusMiddleware())
        router.add(middleware: SignedInMiddleware(
            database: database, clock: .fixed(testNow), idleLifetime: .seconds(7200), absoluteLifetime: .seconds(43_200)))
        router.get("/orders") { _, _ in "orders" }
        return Application(router: router)
    }

    static func storeSession(_ id: String, staffID: Int64?, in database: any DeskflowDatabase) async throws {
        let session = StaffSession(staffID: staffID, csrfToken: "token", createdAt: testNow, lastSeenAt: testNow, flash: nil)
        let created = try await database.createSession(
            id: SessionSettings.keyPrefix + id, data: try JSONEncoder().encode(session),
            expiresAt: testNow.addingTimeInterval(3600), staffID: staffID)
        try #require(created)
    }

    static func cookie(_ id: String) -> String { "\(SessionSettings.cookieName)=\(id)" }

    @Test("a cookie naming a signed-in session that was not read answers 503; no live session still goes to sign in")
    func unreadSession() async throws {
        let database = try await TestApp.make().database
        let manager = try #require(try await database.staffCredentials(email: TestStaff.managerEmail))
        try await Self.storeSession("signed-in", staffID: manager.user.id, in: database)
        try await Self.storeSession("signed-out", staffID: nil, in: database)

        try await Self.application(database).test(.router) { client in
            let unread = try await client.execute(uri: "/orders", method: .get, headers: [.cookie: Self.cookie("signed-in")])
            #expect(unread.status == .serviceUnavailable)
            #expect(String(buffer: unread.body) == DatabaseFault.busy.rawValue)

            for sent in [Self.cookie("signed-out"), Self.cookie("no-such-session"), nil] {
                let response = try await client.execute(
                    uri: "/orders", method: .get, headers: sent.map { [.cookie: $0] } ?? [:])
                #expect(response.status == .seeOther, "cookie \(sent ?? "none")")
                #expect(response.headers[.location] == "/login?next=/orders", "cookie \(sent ?? "none")")
            }
        }
    }
}
