import Foundation
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import DeskflowWeb

/// A body over the limit is refused before anything is read or written, and a client that stops sending cannot
/// hold the server: its connection is closed after the read timeout while everyone else is served.
@Suite("Request limits", .timeLimit(.minutes(1)))
struct RequestLimitsTests {
    @Test("a body over the configured limit is a 413 page and changes nothing")
    func tooLarge() async throws {
        var configured = try await TestApp.make()
        configured.configuration.requestBodyLimit = 4 * 1024
        let app = configured
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let before = try #require(try await app.database.orderDetail(number: number))
        try await app.run { client in
            let cookie = try await client.signIn()
            let atLimit = CancelOrderTests.form(["note": "short"])
            let over = CancelOrderTests.form(["note": String(repeating: "x", count: 4 * 1024)])
            let refused = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: over)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.html.contains("That was too much to send"))
            #expect(try await app.database.orderDetail(number: number) == before)
            #expect(try await client.post("/orders/\(number)/cancel", cookie: cookie, form: atLimit).status == .seeOther)
        }
    }

    @Test("a request HTTP cannot parse gets a 400 and the server goes on serving, compressed or not")
    func unparsableRequests() async throws {
        try await TestApp.make().run(.live) { client in
            let port = try #require(client.port)
            let broken = [
                // A control character in a header never reaches the compressor, which once stopped the whole server.
                "GET /orders HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nX-Note: a\u{01}b\r\n\r\n",
                "GET /orders HTTP/1.1\r\nHost: localhost\r\nBad Header: v\r\n\r\n",
                "POST /login HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            ]
            for request in broken {
                let connection = try RawConnection(port: port)
                try connection.send(request)
                let answer = try await connection.readUntilClosed(within: .seconds(10))
                #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(request.prefix(60)): \(answer.text.prefix(80))")
                #expect(try await client.get("/healthz", cookie: nil).status == .ok)
            }
        }
    }

    @Test("a client that stalls mid-request is cut off after the read timeout while others are served")
    func stalledClients() async throws {
        var configured = try await TestApp.make()
        configured.configuration.readTimeout = .seconds(5)
        let app = configured
        try await app.run(.live) { client in
            let port = try #require(client.port)
            // Half the headers, then nothing; and a whole head promising a body that never comes.
            let halfHead = try RawConnection(port: port)
            try halfHead.send("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            let missingBody = try RawConnection(port: port)
            try missingBody.send("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 500\r\n\r\nemail=a")

            // Others are answered while the stalled connections are still open, not after they are dropped.
            for _ in 0..<5 { #expect(try await client.get("/healthz", cookie: nil).status == .ok) }
            #expect(try await halfHead.readUntilClosed(within: .milliseconds(1)).closed == false)

            for connection in [halfHead, missingBody] {
                let answer = try await connection.readUntilClosed(within: .seconds(15))
                #expect(answer.closed, "the server keeps a stalled connection open")
                #expect(answer.text.isEmpty || answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text.prefix(80))")
            }
        }
    }
}

/// A plain TCP connection, for sending what no well-behaved HTTP client would.
final class RawConnection: Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Everything the server sends until it closes the connection, or what came within `limit` if it never does.
    func readUntilClosed(within limit: Duration) async throws -> (text: String, closed: Bool) {
        try await offThread { self.blockingRead(within: limit) }
    }

    private func blockingRead(within limit: Duration) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count > 0 { received += buffer[0..<count] } else if errno != EAGAIN && errno != EWOULDBLOCK {
                return (String(decoding: received, as: UTF8.self), true)
            }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
