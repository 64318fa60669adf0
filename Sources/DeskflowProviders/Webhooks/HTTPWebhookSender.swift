import AsyncHTTPClient
import DeskflowOperations
import Foundation
import Logging
import NIOCore

/// Delivers the storefront's events over HTTP: the stored body as it was queued, signed with the shared secret at
/// the moment it is sent. A 2xx answer is delivered; any other answer, a timeout or a refused connection is an error
/// the delivery worker retries with backoff, then records as failed. Errors never carry the secret or the body.
public struct HTTPWebhookSender: WebhookSender {
    let client: HTTPClient
    let signature: WebhookSignature
    let clock: AppClock
    let timeout: Duration

    /// How much of an endpoint's answer is read, to quote it in the error.
    static let quotedAnswerBytes = 300

    /// Runs `body` with a sender over one HTTP client of its own, shut down when `body` returns or throws.
    public static func withSender<Value>(
        secret: String, clock: AppClock = .system, timeout: Duration = .seconds(10), _ body: (HTTPWebhookSender) async throws -> Value
    ) async throws -> Value {
        var settings = HTTPClient.Configuration(timeout: .init(connect: TimeAmount(timeout), read: TimeAmount(timeout)))
        // The signed body goes to the address the store owner gave, not to wherever that address points on.
        settings.redirectConfiguration = .disallow
        return try await HTTPClient.withHTTPClient(configuration: settings) { client in
            try await body(HTTPWebhookSender(client: client, signature: WebhookSignature(secret: secret), clock: clock, timeout: timeout))
        }
    }

    public func send(_ body: String, to endpoint: String) async throws {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Deskflow-Webhooks")
        request.headers.add(name: WebhookSignature.header, value: signature.value(for: body, at: clock.now))
        request.body = .bytes(ByteBuffer(string: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: TimeAmount(timeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw WebhookDeliveryError("The endpoint did not answer within \(timeout.components.seconds) s.")
        } catch {
            throw WebhookDeliveryError("The endpoint could not be reached: \(Self.describe(error)).")
        }
        guard (200..<300).contains(response.status.code) else {
            let answer = (try? await response.body.collect(upTo: Self.quotedAnswerBytes * 4)).map { String(buffer: $0) } ?? ""
            // The endpoint's own words, on one line and short: they are shown to managers and logged.
            let quoted = String(answer.prefix(Self.quotedAnswerBytes).map { $0.isNewline || $0 == "\t" ? " " : $0 })
                .filter { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
                .trimmingCharacters(in: .whitespaces)
            throw WebhookDeliveryError("The endpoint answered \(response.status.code)\(quoted.isEmpty ? "" : ": \(quoted)").")
        }
        // The answer's body is not needed; reading it lets the connection go back to the pool.
        _ = try? await response.body.collect(upTo: 64 * 1024)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}
