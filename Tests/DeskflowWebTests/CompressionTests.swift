import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Compression happens in the channel pipeline, so these go through a real socket.
@Suite("Compression on the wire", .timeLimit(.minutes(1)))
struct CompressionTests {
    @Test("a compressed response never announces its uncompressed length", arguments: ["/css/app.css", "/login"])
    func compressedLength(path: String) async throws {
        let uncompressed = try await TestApp.make().run { client in try await client.get(path, cookie: nil).body.readableBytes }
        try await TestApp.make().run(.live) { client in
            let response = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            let body = response.body.readableBytes
            #expect(body > 0 && body < uncompressed)
            if let announced = response.headers[.contentLength] { #expect(Int(announced) == body) }
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
