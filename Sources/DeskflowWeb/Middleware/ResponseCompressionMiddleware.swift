import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// gzips pages, error pages, JSON and CSV for clients that accept it, the way nginx's `gzip on` does: level 1, the
/// exact `Content-Length`, and `Vary: Accept-Encoding` on every response that could have been compressed, so a
/// cache keeps the two apart. It runs outside every other middleware, so it sees error pages too.
///
/// Only bodies of a known length are compressed. Every Deskflow response with one is a single buffer already in
/// memory, so collecting it copies nothing. The cap keeps a future large body (a file, a long CSV export) from being
/// held whole or from keeping a cooperative thread busy in zlib for long: 4 MiB deflates in about 20 ms at level 1,
/// while the largest page is under 100 KB. Streamed bodies of unknown length pass through as they are.
struct ResponseCompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this a response fits one TCP segment either way, and gzip's 18 bytes of framing eat much of the saving.
    static var minimumLength: Int { 1024 }
    static var maximumLength: Int { 4 * 1024 * 1024 }

    let encoder: GzipEncoder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method != .head, Self.canCompress(response) else { return response }
        response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        guard AcceptEncoding(request.headers[.acceptEncoding]).allowsGzip else { return response }

        let (identity, trailers) = try await response.body.collected()
        let compressed: ByteBuffer
        do {
            compressed = try encoder.gzip(identity)
        } catch {
            context.logger.error("gzip failed; sending the response uncompressed", metadata: ["error": "\(error)"])
            response.body = .whole(identity, trailers: trailers)
            return response
        }
        guard compressed.readableBytes < identity.readableBytes else {
            response.body = .whole(identity, trailers: trailers)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        // The compressed bytes are another representation: a strong validator of the identity bytes no longer
        // holds for them (nginx weakens it the same way).
        if let tag = response.headers[.eTag], !tag.hasPrefix("W/") { response.headers[.eTag] = "W/" + tag }
        response.body = .whole(compressed, trailers: trailers)
        response.headers[.contentLength] = String(compressed.readableBytes)
        return response
    }

    /// A response with a body of a known, worthwhile length, in a textual type, that nobody has encoded or negotiated
    /// yet. A response that already varies by `Accept-Encoding` was chosen by whoever made it (a static file).
    static func canCompress(_ response: Response) -> Bool {
        switch response.status.code {
        case ..<200, 204, 206, 304: return false
        default: break
        }
        guard let length = response.body.contentLength, (minimumLength...maximumLength).contains(length) else { return false }
        guard response.headers[.contentEncoding] == nil else { return false }
        let varies = response.headers[values: .vary].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "accept-encoding" }
        }
        guard !varies else { return false }
        return response.headers[.contentType].map(GzipEncoder.isWorthCompressing) ?? false
    }
}

extension ResponseBody {
    /// A body of one buffer (with trailers only when the original had them), so Hummingbird can send head, body and
    /// end in one write.
    static func whole(_ buffer: ByteBuffer, trailers: HTTPFields?) -> ResponseBody {
        guard let trailers else { return ResponseBody(byteBuffer: buffer) }
        return ResponseBody(contentLength: buffer.readableBytes) { writer in
            try await writer.write(buffer)
            try await writer.finish(trailers)
        }
    }

    /// The whole body in one buffer, and its trailers. A body made from one buffer gives that buffer back as it is.
    consuming func collected() async throws -> (ByteBuffer, HTTPFields?) {
        let sink = CollectedBody()
        try await write(CollectingBodyWriter(sink: sink))
        return (sink.bytes ?? ByteBuffer(), sink.trailers)
    }
}

/// Where `CollectingBodyWriter` leaves what it was given: the writer itself is consumed by `ResponseBody.write`.
private final class CollectedBody {
    var bytes: ByteBuffer?
    var trailers: HTTPFields?
}

private struct CollectingBodyWriter: ResponseBodyWriter {
    let sink: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        if sink.bytes == nil {
            sink.bytes = buffer
        } else {
            sink.bytes!.writeImmutableBuffer(buffer)
        }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        sink.trailers = trailingHeaders
    }
}
