import AsyncHTTPClient
import DeskflowDomain
import DeskflowOperations
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat

/// The payment port over Stripe's REST API (DESIGN §4c): each call is one form-encoded POST, signed with the secret
/// key and sent under Deskflow's own idempotency key for it, so a call asked again replays Stripe's first answer
/// instead of moving money twice. The payment is the PaymentIntent the storefront confirmed at checkout
/// (`PaymentSource.reference`).
///
/// - capture: `POST /v1/payment_intents/{id}/capture` with `amount_to_capture`;
/// - void: `POST /v1/payment_intents/{id}/cancel`;
/// - refund: `POST /v1/refunds` with `payment_intent` and `amount`;
/// - charge (a retry): `POST /v1/payment_intents/{id}/confirm` with `payment_method`, `off_session=true` and
///   `capture_method=automatic`.
///
/// What each answer means is `StripeAnswer`'s to say. Every call gets an answer, never a thrown error: a call Stripe
/// did not answer is transient, and waits pending for the recovery to ask again.
public struct StripeGateway: PaymentGateway {
    let configuration: StripeConfiguration
    let client: HTTPClient
    let logger: Logger

    /// The largest answer read from Stripe; its objects are a few kilobytes.
    static let maximumAnswerBytes = 1 << 20

    init(configuration: StripeConfiguration, client: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    /// Runs `body` with a Stripe gateway over one HTTP client of its own, shut down when `body` returns or throws: the
    /// server runs inside it.
    public static func withGateway<Value>(
        _ configuration: StripeConfiguration, logger: Logger, _ body: (StripeGateway) async throws -> Value
    ) async throws -> Value {
        var settings = HTTPClient.Configuration(
            timeout: .init(
                connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout)))
        // A redirect would carry the call, and its key, somewhere Deskflow was not told to send it.
        settings.redirectConfiguration = .disallow
        return try await HTTPClient.withHTTPClient(configuration: settings) { client in
            try await body(StripeGateway(configuration: configuration, client: client, logger: logger))
        }
    }

    /// A Stripe payment's new method is typed as its PaymentMethod id (`StripePaymentMethodForm`), not chosen from a
    /// list.
    public var availableMethods: [PaymentMethodChoice] { [] }

    public func capture(_ call: GatewayCall) async -> GatewayOutcome {
        await send(.capture, call) { intent in
            ("/v1/payment_intents/\(intent)/capture", [("amount_to_capture", "\(call.amount.minorUnits)")])
        }
    }

    public func void(_ call: GatewayCall) async -> GatewayOutcome {
        await send(.void, call) { intent in ("/v1/payment_intents/\(intent)/cancel", []) }
    }

    public func refund(_ call: GatewayCall) async -> GatewayOutcome {
        await send(.refund, call) { intent in
            ("/v1/refunds", [("payment_intent", intent), ("amount", "\(call.amount.minorUnits)")])
        }
    }

    /// Confirms the PaymentIntent again, off session, with the payment method recorded for it (or, when none was, the
    /// one it holds). Deskflow's charge takes the money, so it asks for automatic capture whatever checkout chose.
    public func charge(_ call: GatewayCall) async -> GatewayOutcome {
        await send(.charge, call) { intent in
            let method = call.source.methodReference.map { [("payment_method", $0)] } ?? []
            return (
                "/v1/payment_intents/\(intent)/confirm",
                method + [("off_session", "true"), ("capture_method", "automatic")]
            )
        }
    }

    /// Sends the request `build` makes for the payment's PaymentIntent id, and interprets the answer.
    private func send(
        _ kind: PaymentCall.Kind, _ call: GatewayCall, build: (String) -> (path: String, form: [(String, String)])
    ) async -> GatewayOutcome {
        var metadata: Logger.Metadata = [
            "order": "\(call.orderNumber)", "kind": "\(kind.rawValue)", "key": "\(call.idempotencyKey)",
        ]
        // The id goes into the path: anything but a PaymentIntent id's letters could point the call elsewhere.
        guard let intent = call.source.reference, Self.isPaymentIntentID(intent) else {
            logger.error("a Stripe payment without a usable PaymentIntent id; nothing was sent", metadata: metadata)
            return .failed(
                "missing_payment_intent",
                "This Stripe payment has no PaymentIntent id (pi_…) Deskflow can use, so nothing was sent to Stripe.")
        }
        let (path, form) = build(intent)
        metadata["path"] = "\(path)"
        var request = HTTPClientRequest(url: configuration.apiBase.absoluteString + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: configuration.secretKey.authorization)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Idempotency-Key", value: call.idempotencyKey)
        request.headers.add(name: "User-Agent", value: "Deskflow")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))

        let answer: StripeAnswer
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.readTimeout))
            let body = try await response.body.collect(upTo: Self.maximumAnswerBytes)
            metadata["status"] = "\(response.status.code)"
            if response.headers.first(name: "Idempotent-Replayed") == "true" { metadata["replayed"] = "true" }
            answer = StripeAnswer.interpret(
                kind, status: Int(response.status.code), body: Data(buffer: body),
                redact: configuration.secretKey.redacted(in:))
        } catch {
            // Refused, timed out, cut off: Stripe may have acted before the answer was lost.
            metadata["error"] = "\(configuration.secretKey.redacted(in: String(describing: error)))"
            answer = StripeAnswer.transient(
                "Stripe could not be reached or did not answer in time, so it may or may not have acted.",
                log: "no answer")
        }
        if let (level, message) = answer.log {
            if let code = answer.outcome.failureCode { metadata["code"] = "\(code)" }
            logger.log(level: level, "\(message)", metadata: metadata)
        } else {
            logger.info("Stripe call succeeded", metadata: metadata)
        }
        return answer.outcome
    }

    /// `pi_` followed by letters, digits and underscores, as Stripe writes its ids.
    static func isPaymentIntentID(_ text: String) -> Bool {
        text.hasPrefix("pi_") && text.count > 3 && text.count <= 255
            && text.dropFirst(3).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}

/// `application/x-www-form-urlencoded`, as Stripe reads it.
enum FormEncoding {
    /// Unreserved characters stay as they are; everything else is percent-encoded, a space as `%20`.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
