import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// The same responses through a real socket, so HTTP framing is checked as well as the router's answer.
@Suite("Compression on the wire", .timeLimit(.minutes(1)))
struct CompressionTests {
    @Test("a compressed response announces its compressed length", arguments: ["/css/app.css", "/login"])
    func compressedLength(path: String) async throws {
        let uncompressed = try await TestApp.make().run { client in try await client.get(path, cookie: nil).body }
        try await TestApp.make().run(.live) { client in
            let response = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            #expect(response.headers[.vary] == "Accept-Encoding")
            let body = response.body.readableBytes
            #expect(body > 0 && body < uncompressed.readableBytes)
            #expect(response.headers[.contentLength] == String(body))
            #expect(try gunzip(response.body) == uncompressed)
        }
    }

    @Test("a client that asks for no compression gets the plain bytes with their length")
    func plain() async throws {
        try await TestApp.make().run(.live) { client in
            let response = try await client.execute(uri: "/css/app.css", method: .get) { $0 }
            let onDisk = try Data(contentsOf: packageRoot.appendingPathComponent("Public/css/app.css"))
            #expect(response.headers[.contentEncoding] == nil)
            #expect(response.body.readableBytes == onDisk.count)
        }
    }
}
