import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A storefront's webhook endpoint, served by a test on `127.0.0.1` at a port the system picks. It records every POST
/// (its body and `Deskflow-Signature`), checks the signature with the shared secret (400 when it does not match), and
/// otherwise answers as it is told: 200, another status, or not at all until it is stopped (slower than any sender's
/// timeout). Stopped, it refuses connections, as an endpoint that is down does.
///
/// ```swift
/// let receiver = WebhookReceiver(secret: "whsec_test")
/// let url = try await receiver.start()           // http://127.0.0.1:PORT/events
/// receiver.answer = .status(500)                  // the storefront is failing
/// #expect(receiver.deliveries.map(\.type) == ["order.cancelled"])
/// #expect(receiver.deliveries.allSatisfy(\.signatureIsValid))
/// await receiver.stop()
/// ```
public final class WebhookReceiver: Sendable {
    public enum Answer: Sendable, Equatable {
        case ok
        case status(Int)
        /// Never answers (until `stop()`): a sender's timeout ends the attempt.
        case hold
    }

    /// One POST the receiver got.
    public struct Delivery: Sendable, Hashable {
        public var body: String
        public var signature: String?
        public var contentType: String?
        public var signatureIsValid: Bool
        /// The event's `id` and `type`, read from the body.
        public var id: String
        public var type: String
    }

    struct State {
        var answer: Answer = .ok
        var deliveries: [Delivery] = []
        var held: [CheckedContinuation<Void, Never>] = []
        var stopped = false
    }

    let secret: String
    private let state = Mutex(State())
    private let server = Mutex<(server: LocalServer, url: URL)?>(nil)

    public init(secret: String) { self.secret = secret }

    public var answer: Answer {
        get { state.withLock { $0.answer } }
        set { state.withLock { $0.answer = newValue } }
    }

    public var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Starts serving and returns the endpoint URL to give Deskflow.
    @discardableResult
    public func start() async throws -> URL {
        if let running = server.withLock({ $0 }) { return running.url }
        state.withLock { $0.stopped = false }
        let router = Router()
        router.post("events") { request, context in try await self.receive(request, context: context) }
        let running = try await LocalServer.start(router, label: "webhook receiver")
        let port = running.port
        let url = URL(string: "http://127.0.0.1:\(port)/events")!
        server.withLock { $0 = (running, url) }
        return url
    }

    /// Stops serving: held requests are let go (unanswered), and later POSTs meet a refused connection.
    public func stop() async {
        let held = state.withLock { state in
            state.stopped = true
            defer { state.held = [] }
            return state.held
        }
        held.forEach { $0.resume() }
        guard let running = server.withLock({ current in
            defer { current = nil }
            return current
        }) else { return }
        await running.server.stop()
    }

    private func receive(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let signature = request.headers[HTTPField.Name("Deskflow-Signature")!]
        let event = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let delivery = Delivery(
            body: body, signature: signature, contentType: request.headers[.contentType],
            signatureIsValid: signature.map { Self.verify($0, body: body, secret: secret) } ?? false,
            id: event?["id"] as? String ?? "", type: event?["type"] as? String ?? "")
        let answer = state.withLock { state in
            state.deliveries.append(delivery)
            return state.answer
        }
        // As a storefront should: a body whose signature does not check out is refused, so a sender that signs wrongly
        // never counts as delivered.
        guard delivery.signatureIsValid else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "bad signature")))
        }
        switch answer {
        case .ok:
            return Response(status: .ok)
        case .status(let code):
            return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "storefront unavailable")))
        case .hold:
            await withCheckedContinuation { continuation in
                let stopped = state.withLock { state in
                    if !state.stopped { state.held.append(continuation) }
                    return state.stopped
                }
                if stopped { continuation.resume() }
            }
            return Response(status: .serviceUnavailable)
        }
    }

    /// The check a storefront makes: `t=SECONDS,v1=HEX` where HEX is HMAC-SHA256 of "SECONDS.BODY" under the secret.
    public static func verify(_ signature: String, body: String, secret: String) -> Bool {
        let fields = Dictionary(
            signature.split(separator: ",").compactMap { field -> (Substring, Substring)? in
                let pair = field.split(separator: "=", maxSplits: 1)
                return pair.count == 2 ? (pair[0], pair[1]) : nil
            }, uniquingKeysWith: { first, _ in first })
        guard let seconds = fields["t"], let sent = fields["v1"] else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(seconds).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let expected = mac.map { String(format: "%02x", $0) }.joined()
        return expected == sent
    }
}
