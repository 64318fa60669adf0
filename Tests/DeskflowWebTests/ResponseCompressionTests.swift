import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DeskflowWeb

/// gzip is a middleware in the router, so the router client sees exactly what goes on the wire.
@Suite("Response compression")
struct ResponseCompressionTests {
    /// What a reader gets: a signed-in page, the sign-in page, an error page, a CSV download, a stylesheet.
    enum Resource: String, CaseIterable {
        case page = "/orders"
        case signIn = "/login"
        case errorPage = "/no/such/page"
        case csv = "/reports/cancellations?from=2026-10-01&to=2026-11-27&format=csv"
        case stylesheet = "/css/app.css"

        var signedIn: Bool { self != .signIn && self != .stylesheet }
    }

    @Test("gzipped for a client that accepts it, unzipping to the identity bytes", arguments: Resource.allCases)
    func roundTrip(_ resource: Resource) async throws {
        try await TestApp.make().run { client in
            let cookie = resource.signedIn ? try await client.signIn() : nil
            let identity = try await client.fetch(resource.rawValue, cookie: cookie, acceptEncoding: nil)
            let compressed = try await client.fetch(resource.rawValue, cookie: cookie, acceptEncoding: "gzip, deflate, br")

            #expect(compressed.status == identity.status)
            #expect(compressed.headers[.contentEncoding] == "gzip")
            #expect(compressed.headers[.vary] == "Accept-Encoding")
            #expect(compressed.headers[.contentLength] == String(compressed.body.readableBytes))
            #expect(compressed.body.readableBytes < identity.body.readableBytes)
            #expect(try gunzip(compressed.body) == identity.body)

            #expect(identity.headers[.contentEncoding] == nil)
            #expect(identity.headers[.vary] == "Accept-Encoding")
            #expect(identity.headers[.contentLength] == String(identity.body.readableBytes))
        }
    }

    @Test("error pages are compressed too")
    func errorPage() async throws {
        try await TestApp.make().run { client in
            let cookie = try await client.signIn()
            for path in ["/no/such/page", "/orders/999999"] {
                let response = try await client.fetch(path, cookie: cookie, acceptEncoding: "gzip")
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.contentEncoding] == "gzip", "\(path)")
                #expect(String(buffer: try gunzip(response.body)).contains("<html"), "\(path)")
            }
        }
    }

    @Test(
        "a client that does not accept gzip gets identity bytes, still marked as varying",
        arguments: ["gzip;q=0", "identity", "br, deflate", "*;q=0", "", "gzip;q=0, *"])
    func refused(acceptEncoding: String) async throws {
        try await TestApp.make().run { client in
            for path in ["/login", "/css/app.css"] {
                let plain = try await client.fetch(path, cookie: nil, acceptEncoding: nil)
                let response = try await client.fetch(path, cookie: nil, acceptEncoding: acceptEncoding)
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                #expect(response.body == plain.body)
            }
        }
    }

    @Test("a stylesheet without Accept-Encoding is the file's bytes")
    func stylesheetIsTheFile() async throws {
        try await TestApp.make().run { client in
            let response = try await client.fetch("/css/app.css", cookie: nil, acceptEncoding: nil)
            let onDisk = try Data(contentsOf: packageRoot.appendingPathComponent("Public/css/app.css"))
            #expect(Data(response.body.readableBytesView) == onDisk)
            #expect(response.headers[.contentType] == "text/css")
            #expect(response.headers[.cacheControl] == "public, max-age=3600")
        }
    }

    @Test("tiny bodies, redirects and HEAD answers are left alone")
    func leftAlone() async throws {
        try await TestApp.make().run { client in
            let health = try await client.fetch("/healthz", cookie: nil, acceptEncoding: "gzip")
            #expect(health.headers[.contentEncoding] == nil)
            #expect(health.headers[.vary] == nil)
            #expect(String(buffer: health.body) == "ok\n")

            let redirect = try await client.fetch("/orders", cookie: nil, acceptEncoding: "gzip")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.contentEncoding] == nil)

            // The anonymous 404 page is under the 1 KB threshold.
            let small = try await client.fetch("/css/missing.css", cookie: nil, acceptEncoding: "gzip")
            #expect(small.status == .notFound)
            #expect(small.body.readableBytes < ResponseCompressionMiddleware<AppRequestContext>.minimumLength)
            #expect(small.headers[.contentEncoding] == nil)
            #expect(small.headers[.vary] == nil)

            let head = try await client.execute(uri: "/login", method: .head, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(head.headers[.contentEncoding] == nil)
        }
    }

    @Test("a static file has a strong ETag per representation and answers a matching If-None-Match with 304")
    func staticValidators() async throws {
        try await TestApp.make().run { client in
            let identity = try await client.fetch("/css/app.css", cookie: nil, acceptEncoding: nil)
            let compressed = try await client.fetch("/css/app.css", cookie: nil, acceptEncoding: "gzip")
            let identityTag = try #require(identity.headers[.eTag])
            let gzipTag = try #require(compressed.headers[.eTag])
            #expect(!identityTag.hasPrefix("W/") && !gzipTag.hasPrefix("W/"))
            #expect(identityTag != gzipTag)
            #expect(identity.headers[.lastModified] != nil)

            for (acceptEncoding, tag) in [(nil, identityTag), ("gzip", gzipTag)] as [(String?, String)] {
                var headers: HTTPFields = [.ifNoneMatch: "\"stale\", \(tag)"]
                if let acceptEncoding { headers[.acceptEncoding] = acceptEncoding }
                let notModified = try await client.execute(uri: "/css/app.css", method: .get, headers: headers) { $0 }
                #expect(notModified.status == .notModified)
                #expect(notModified.body.readableBytes == 0)
                #expect(notModified.headers[.eTag] == tag)
                #expect(notModified.headers[.vary] == "Accept-Encoding")
                #expect(notModified.headers[.cacheControl] == "public, max-age=3600")
            }

            // The identity bytes' tag does not validate the gzip bytes: the client gets them whole.
            let switched = try await client.execute(
                uri: "/css/app.css", method: .get, headers: [.ifNoneMatch: identityTag, .acceptEncoding: "gzip"]) { $0 }
            #expect(switched.status == .ok)
            #expect(switched.headers[.eTag] == gzipTag)
            #expect(try gunzip(switched.body) == identity.body)
        }
    }

    @Test("HEAD on a static file announces the length of the representation it would send")
    func staticHead() async throws {
        try await TestApp.make().run { client in
            let compressed = try await client.fetch("/css/app.css", cookie: nil, acceptEncoding: "gzip")
            let head = try await client.execute(uri: "/css/app.css", method: .head, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentEncoding] == "gzip")
            #expect(head.headers[.contentLength] == String(compressed.body.readableBytes))
        }
    }

    @Test("the SVG icon is textual: gzipped once, like the stylesheet")
    func icon() async throws {
        try await TestApp.make().run { client in
            let response = try await client.fetch("/images/favicon.svg", cookie: nil, acceptEncoding: "gzip")
            let onDisk = try Data(contentsOf: packageRoot.appendingPathComponent("Public/images/favicon.svg"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/svg+xml")
            #expect(response.headers[.contentEncoding] == "gzip")
            #expect(Data(try gunzip(response.body).readableBytesView) == onDisk)
        }
    }

    @Test(
        "nothing outside Public/ is served",
        arguments: [
            "/css/../Package.swift", "/css/%2e%2e/%2e%2e/Package.swift", "/images/..%2f..%2fPackage.swift",
            "/css/%2E%2E/Templates/layout.mustache", "/css/", "/css/.hidden", "/images/%00", "/css/app.css%00",
        ])
    func traversal(path: String) async throws {
        try await TestApp.make().run { client in
            let response = try await client.fetch(path, cookie: nil, acceptEncoding: nil)
            #expect([.badRequest, .notFound].contains(response.status), "\(path): \(response.status)")
            #expect(!String(buffer: response.body).contains("PackageDescription"))
        }
    }

    @Test("static assets load once from the folder; a missing folder serves nothing")
    func loading() throws {
        let assets = try StaticAssets.load(from: packageRoot.appendingPathComponent("Public"))
        let stylesheet = try #require(assets.asset(at: "/css/app.css"))
        #expect(stylesheet.gzip != nil)
        #expect(stylesheet.variesByEncoding)
        #expect(assets.asset(at: "css/app.css") == nil)
        #expect(assets.asset(at: "/app.css") == nil)
        let missing = try StaticAssets.load(from: packageRoot.appendingPathComponent("No-Such-Folder"))
        #expect(missing.asset(at: "/css/app.css") == nil)
    }

    @Test("images are not gzipped; hidden files and links out of the folder are not served")
    func loadingRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("public-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data(repeating: 0, count: 4096).write(to: folder.appendingPathComponent("images/blank.png"))
        try Data("a{}".utf8).write(to: folder.appendingPathComponent("tiny.css"))
        try Data("secret".utf8).write(to: folder.appendingPathComponent(".env"))
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("images/package.png"), withDestinationURL: packageRoot.appendingPathComponent("Package.swift"))

        let assets = try StaticAssets.load(from: folder)
        let image = try #require(assets.asset(at: "/images/blank.png"))
        #expect(image.gzip == nil && !image.variesByEncoding)
        let tiny = try #require(assets.asset(at: "/tiny.css"))
        #expect(tiny.gzip == nil && tiny.variesByEncoding)
        #expect(assets.asset(at: "/.env") == nil)
        #expect(assets.asset(at: "/images/package.png") == nil)
    }

    @Test("the pooled encoder gives the same bytes as a fresh stream, body after body")
    func pooledEncoder() throws {
        let encoder = GzipEncoder(keptIdle: 1)
        let bodies = ["<p>first</p>", String(repeating: "<tr><td>row</td></tr>", count: 500), "third"]
        for text in bodies + bodies {
            var fresh = ByteBuffer(string: text)
            let expected = try fresh.compress(with: .gzip, configuration: .init(compressionLevel: .fastestCompression))
            let pooled = try encoder.gzip(ByteBuffer(string: text))
            #expect(pooled == expected)
            #expect(String(buffer: try gunzip(pooled)) == text)
        }
    }
}

func gunzip(_ buffer: ByteBuffer) throws -> ByteBuffer {
    var compressed = buffer
    return try compressed.decompress(with: .gzip)
}

extension TestClientProtocol {
    fileprivate func fetch(_ uri: String, cookie: String?, acceptEncoding: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let acceptEncoding { headers[.acceptEncoding] = acceptEncoding }
        return try await execute(uri: uri, method: .get, headers: headers) { $0 }
    }
}
