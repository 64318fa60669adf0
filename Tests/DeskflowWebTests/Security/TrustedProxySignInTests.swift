import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Over a real connection, since the peer's address is what is being trusted or not; the test client connects from
/// the loopback address.
@Suite("Security: sign-in throttling and logs behind a trusted proxy")
struct TrustedProxySignInTests {
    static let lockedOut = "203.0.113.7"
    static let bystander = "198.51.100.9"

    static func app(trusting networks: [String]) async throws -> TestApp {
        let proxies = try TrustedProxies(parsing: networks)
        return try await TestApp.make().configured { $0.trustedProxies = proxies }
    }

    /// A sign-in from `forwardedFor`, as a proxy would pass it on.
    static func attempt(
        _ client: any TestClientProtocol, forwardedFor: String, email: String = TestStaff.managerEmail, password: String
    ) async throws -> TestResponse {
        let forwarded: HTTPFields = [.xForwardedFor: forwardedFor]
        let anonymous = try await client.execute(uri: "/login", method: .get, headers: forwarded) { try #require($0.sessionCookie) }
        var headers = HTTPFields.form(cookie: anonymous)
        headers[.xForwardedFor] = forwardedFor
        return try await client.execute(
            uri: "/login", method: .post, headers: headers,
            body: .form(["csrf_token": "fixed-token", "email": email, "password": password, "next": "/orders"])
        ) { $0 }
    }

    /// Ten failures from `lockedOut`, against an account nobody else uses.
    static func lockOut(_ client: any TestClientProtocol) async throws {
        for number in 0..<10 {
            let response = try await attempt(
                client, forwardedFor: lockedOut, email: "nobody@example.com", password: "wrong password \(number)")
            #expect(response.status == .unprocessableContent)
        }
    }

    @Test("behind a trusted proxy each forwarded client has its own throttle: one locked out does not lock out another")
    func trustedProxy() async throws {
        let logs = LogCapture()
        try await Self.app(trusting: ["127.0.0.1/32", "::1/128"]).run(.live, logs: logs) { client in
            try await Self.lockOut(client)
            let locked = try await Self.attempt(client, forwardedFor: Self.lockedOut, password: TestStaff.password)
            #expect(locked.status == .tooManyRequests)
            let other = try await Self.attempt(client, forwardedFor: "\(Self.bystander), 127.0.0.1", password: TestStaff.password)
            #expect(other.status == .seeOther)
            #expect(other.headers[.location] == "/orders")
        }
        let throttled = logs.entries.filter { $0.message == "sign-in throttled" }
        #expect(throttled.map { $0.metadata["address"] } == [Self.lockedOut])
        #expect(logs.entries.contains { $0.message == "signed in" && $0.metadata["address"] == Self.bystander })
        #expect(logs.entries.contains { $0.message == "Request" && $0.metadata["client"] == Self.bystander })
    }

    @Test("from a peer that is not a trusted proxy the header is ignored: forged addresses share the peer's throttle")
    func untrustedPeer() async throws {
        let logs = LogCapture()
        try await Self.app(trusting: ["10.0.0.0/8"]).run(.live, logs: logs) { client in
            try await Self.lockOut(client)
            let other = try await Self.attempt(client, forwardedFor: Self.bystander, password: TestStaff.password)
            #expect(other.status == .tooManyRequests)
        }
        let addresses = Set(logs.entries.compactMap { $0.metadata["address"] })
        #expect(addresses.count == 1)
        #expect(!addresses.contains(Self.lockedOut) && !addresses.contains(Self.bystander))
        #expect(logs.entries.contains { $0.message == "Request" && $0.metadata["client"] == addresses.first })
    }
}
