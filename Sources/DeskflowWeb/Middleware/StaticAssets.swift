import CompressNIO
import Crypto
import Foundation
import Hummingbird
import NIOCore

/// Every file under `Public/` (a stylesheet and an icon or two), read once at start-up and, where the type is
/// textual, gzipped once at the best level: that costs a few milliseconds once instead of zlib on every request,
/// like nginx's `gzip_static` serving `.gz` files made ahead of time. Only these files can ever be served: a request
/// path is looked up, never joined onto a folder, so nothing outside `Public/` is reachable.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let lastModified: String
        let identity: Representation
        /// Absent for types that are compressed already (images) and for files gzip does not make smaller.
        let gzip: Representation?
        /// Textual files send `Vary: Accept-Encoding` even without a gzip copy, as nginx does by type.
        let variesByEncoding: Bool
    }

    struct Representation: Sendable {
        let bytes: ByteBuffer
        /// Strong and different per representation: a SHA-256 prefix of the identity bytes, with `-gzip` after it
        /// for the compressed bytes. (nginx's on-the-fly gzip weakens the tag instead; with both bodies fixed, two
        /// strong tags keep byte-exact validation and a cache can hold both.)
        let eTag: String
    }

    private let assets: [String: Asset]

    /// The asset at a URL path such as `/css/app.css`.
    func asset(at path: String) -> Asset? { assets[path] }

    /// Reads `directory` recursively. A missing folder serves nothing, as a missing file always did; hidden files
    /// and anything that is not a regular file (symbolic links included) are left out.
    static func load(from directory: URL) throws -> StaticAssets {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            return StaticAssets(assets: [:])
        }
        let httpDate = DateFormatter()
        httpDate.locale = Locale(identifier: "en_US_POSIX")
        httpDate.timeZone = TimeZone(identifier: "GMT")
        httpDate.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"  // IMF-fixdate, RFC 9110 §5.6.7
        var assets: [String: Asset] = [:]
        for relativePath in try files.subpathsOfDirectory(atPath: directory.path).sorted() {
            let components = relativePath.split(separator: "/")
            guard !components.contains(where: { $0.hasPrefix(".") }) else { continue }
            let url = directory.appendingPathComponent(relativePath)
            let attributes = try files.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let modified = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
            assets["/" + components.joined(separator: "/")] = try asset(
                bytes: Data(contentsOf: url), fileExtension: url.pathExtension, lastModified: httpDate.string(from: modified))
        }
        return StaticAssets(assets: assets)
    }

    private static func asset(bytes: Data, fileExtension: String, lastModified: String) throws -> Asset {
        let contentType = MediaType.getMediaType(forExtension: fileExtension)?.description ?? "application/octet-stream"
        let identity = ByteBuffer(bytes: bytes)
        let hash = SHA256.hash(data: bytes).prefix(16).map { String(format: "%02x", $0) }.joined()
        let textual = GzipEncoder.isWorthCompressing(contentType: contentType)
        var gzip: Representation?
        if textual {
            var input = identity
            let compressed = try input.compress(with: .gzip, configuration: .init(compressionLevel: .bestCompression))
            if compressed.readableBytes < identity.readableBytes {
                gzip = Representation(bytes: compressed, eTag: "\"\(hash)-gzip\"")
            }
        }
        return Asset(
            contentType: contentType, lastModified: lastModified,
            identity: Representation(bytes: identity, eTag: "\"\(hash)\""), gzip: gzip, variesByEncoding: textual)
    }
}
