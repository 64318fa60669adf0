import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Stripe's REST API as Deskflow uses it, served by a test on `127.0.0.1` at a port the system picks.
///
/// It answers the four calls Deskflow makes (capture, cancel and confirm a PaymentIntent; create a Refund) in Stripe's
/// documented JSON shapes, errors included, and checks what Stripe would: the path, the form fields (an unknown one is
/// refused, a missing one too), `Authorization: Bearer <secret key>`, and the `Idempotency-Key`, which Deskflow sends
/// on every call (one without a key is refused). A key sent again with the same path and fields gets the first answer
/// again with `Idempotent-Replayed: true`, without acting twice; with other fields, Stripe's 400 `idempotency_error`.
///
/// It knows only the PaymentIntents it was told about (`addPaymentIntent`), records every request (`requests`) and
/// every refund it made (`refunds`), and can be told to answer the next calls badly (`answerNext`).
///
/// ```swift
/// let stripe = FakeStripe()
/// let base = try await stripe.start()
/// stripe.addPaymentIntent("pi_123", amount: 5_200)   // the PaymentIntent the storefront's order carries
/// // … serve Deskflow with `AppConfiguration.stripeGateway` from `StripeGateway.withGateway` at `base`, with
/// // `FakeStripe.testSecretKey`, and cancel the order with a partial refund …
/// #expect(stripe.refunds.map(\.amount) == [1_500])
/// #expect(stripe.requests(to: "/v1/refunds").map(\.idempotencyKey) == ["cancel-<the form's idempotency_key>"])
/// await stripe.stop()
/// ```
public final class FakeStripe: Sendable {
    /// The secret key the fake accepts unless given another.
    public static let testSecretKey = "sk_test_FakeStripeDeskflow0000000000000001"

    /// A PaymentIntent's status, as Stripe names it.
    public enum PaymentIntentStatus: String, Sendable {
        case requiresPaymentMethod = "requires_payment_method"
        case requiresConfirmation = "requires_confirmation"
        case requiresAction = "requires_action"
        case processing
        case requiresCapture = "requires_capture"
        case canceled
        case succeeded
    }

    /// A PaymentIntent as the fake holds it.
    public struct PaymentIntent: Sendable, Hashable {
        public var id: String
        public var amount: Int64
        public var currency: String
        public var status: PaymentIntentStatus
        public var amountCapturable: Int64
        public var amountReceived: Int64
        /// The sum of its refunds that were not refused.
        public var amountRefunded: Int64
        public var paymentMethod: String?
        public var captureMethod: String
        /// Why its last charge failed: Stripe's error type, code, decline code and message.
        public var lastPaymentError: [String: String]?
    }

    /// A refund the fake made.
    public struct Refund: Sendable, Hashable {
        public var id: String
        public var paymentIntent: String
        public var amount: Int64
        public var status: String
        public var failureReason: String?
        public var idempotencyKey: String
    }

    /// One request the fake received, whatever it answered.
    public struct Request: Sendable, Hashable {
        public var method: String
        public var path: String
        /// The form fields, decoded.
        public var form: [String: String]
        /// The body as it came.
        public var body: String
        public var authorization: String?
        public var contentType: String?
        public var idempotencyKey: String?
        /// The HTTP status it was answered with.
        public var status: Int
        /// Answered with the first answer under its key.
        public var replayed: Bool
    }

    /// Ways to answer the next call badly (`answerNext`).
    public enum Trouble: Sendable, Hashable {
        /// 500 `api_error`, and nothing done. As a failure in front of Stripe's API, it keeps no answer under the key,
        /// so the same call sent again is carried out.
        case serverError
        /// 429 `rate_limit`, nothing done and no answer kept (Stripe's rate limiter sits before its idempotency layer).
        case rateLimited
        /// 409 `idempotency_error`, as when another request with the same key is still in progress: nothing done, no
        /// answer kept.
        case idempotencyConflict
        /// 200 with an HTML page instead of JSON (a proxy in the way): nothing done, no answer kept.
        case notJSON
        /// 402 `card_error` with this decline code and message, kept under the key as Stripe keeps a decline. On a
        /// confirm, the PaymentIntent goes back to `requires_payment_method`.
        case cardDeclined(declineCode: String, message: String)
        /// 400 `invalid_request_error` with this code and message, kept under the key.
        case invalidRequest(code: String, message: String)
        /// The call is carried out and its answer kept under the key, but held back until `releaseHeldAnswers()` or
        /// `stop()`: longer than any client waits. A repeat of the key then gets the kept answer.
        case heldAnswer
        /// Exactly this status and JSON body, nothing done and no answer kept.
        case answer(status: Int, json: String)
    }

    public let secretKey: String

    private struct Stored: Sendable {
        var fingerprint: String
        var status: Int
        var body: Data
    }

    private struct State: Sendable {
        var intents: [String: PaymentIntent] = [:]
        var declinedMethods: [String: (declineCode: String, message: String)] = [:]
        var refundOutcome: (status: String, failureReason: String?) = ("succeeded", nil)
        var refunds: [Refund] = []
        var requests: [Request] = []
        var answers: [String: Stored] = [:]
        var troubles: [Trouble] = []
        var holdsReleased = false
        var held: [CheckedContinuation<Void, Never>] = []
        var nextID = 1
    }

    private let state = Mutex(State())
    private let server = Mutex<(server: LocalServer, base: URL)?>(nil)

    public init(secretKey: String = FakeStripe.testSecretKey) {
        self.secretKey = secretKey
    }

    // MARK: Running

    /// Starts serving on `127.0.0.1`, on a port the system picks, and returns the base URL to point Deskflow at
    /// (`http://127.0.0.1:PORT`). After `stop()`, starting again serves the same PaymentIntents and keys on a new port.
    @discardableResult
    public func start() async throws -> URL {
        if let running = server.withLock({ $0 }) { return running.base }
        let running = try await LocalServer.start(router(), label: "fake Stripe")
        let port = running.port
        let base = URL(string: "http://127.0.0.1:\(port)")!
        server.withLock { $0 = (running, base) }
        return base
    }

    /// Where it serves, while it does.
    public var baseURL: URL? { server.withLock { $0?.base } }

    /// Stops serving: calls then meet a refused connection. Held answers are let go first.
    public func stop() async {
        releaseHeldAnswers()
        guard
            let running = server.withLock({ current in
                defer { current = nil }
                return current
            })
        else { return }
        await running.server.stop()
    }

    // MARK: What it knows

    /// Tells the fake about a PaymentIntent the storefront confirmed at checkout. `succeeded` (the default) has the
    /// whole amount received; `requiresCapture` has it authorized; `requiresPaymentMethod` is a declined checkout.
    public func addPaymentIntent(
        _ id: String, amount: Int64, currency: String = "usd", status: PaymentIntentStatus = .succeeded,
        paymentMethod: String? = "pm_card_visa"
    ) {
        state.withLock {
            $0.intents[id] = PaymentIntent(
                id: id, amount: amount, currency: currency, status: status,
                amountCapturable: status == .requiresCapture ? amount : 0,
                amountReceived: status == .succeeded ? amount : 0,
                amountRefunded: 0, paymentMethod: paymentMethod,
                captureMethod: status == .requiresCapture ? "manual" : "automatic",
                lastPaymentError: nil)
        }
    }

    /// Confirming with this PaymentMethod is declined, as Stripe's test cards are: 402 `card_error`.
    public func declineCharges(
        paymentMethod: String, declineCode: String = "generic_decline", message: String = "Your card was declined."
    ) {
        state.withLock { $0.declinedMethods[paymentMethod] = (declineCode, message) }
    }

    /// Refunds made from now on end in this status (`succeeded`, the default; `pending`, `failed`, `canceled`), with
    /// this failure reason.
    public func refundsEnd(as status: String, failureReason: String? = nil) {
        state.withLock { $0.refundOutcome = (status, failureReason) }
    }

    /// Answers the next `times` calls with `trouble` instead of the real answer.
    public func answerNext(_ trouble: Trouble, times: Int = 1) {
        state.withLock {
            $0.troubles.append(contentsOf: Array(repeating: trouble, count: times))
            if trouble == .heldAnswer { $0.holdsReleased = false }
        }
    }

    /// Lets every held answer go, and any answer held from now on until the next `.heldAnswer` is asked for.
    public func releaseHeldAnswers() {
        let waiting = state.withLock { state in
            state.holdsReleased = true
            defer { state.held = [] }
            return state.held
        }
        for continuation in waiting { continuation.resume() }
    }

    public func paymentIntent(_ id: String) -> PaymentIntent? { state.withLock { $0.intents[id] } }

    /// Every refund it made, oldest first, failed ones included.
    public var refunds: [Refund] { state.withLock { $0.refunds } }

    /// Every request it received, oldest first.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The requests sent to `path`, such as `/v1/refunds`.
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    // MARK: Serving

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/payment_intents/:id/:action") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let action = context.parameters.get("action") ?? ""
            let path = request.uri.path
            return try await self.serve(request) { state, form, _ in
                switch action {
                case "capture": Self.capture(id, form, &state)
                case "cancel": Self.cancel(id, form, &state)
                case "confirm": Self.confirm(id, form, &state)
                default:
                    Self.error(404, "invalid_request_error", code: nil, "Unrecognized request URL (POST: \(path)).")
                }
            }
        }
        router.post("/v1/refunds") { request, _ -> Response in
            try await self.serve(request) { state, form, key in Self.refund(form, key: key, &state) }
        }
        return router
    }

    /// Stripe's layers in its order: the key, failures in front of the API, the idempotency layer, the endpoint.
    private func serve(
        _ request: Hummingbird.Request,
        endpoint: @escaping @Sendable (inout State, [String: String], String) -> (Int, Data)
    ) async throws -> Response {
        let bodyBuffer = try await request.body.collect(upTo: 64 * 1024)
        let body = String(buffer: bodyBuffer)
        let form = Self.decodeForm(body)
        let path = request.uri.path
        let authorization = request.headers[.authorization]
        let contentType = request.headers[.contentType]
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        var replayed = false
        var hold = false

        let (status, answer): (Int, Data) = state.withLock { state in
            guard authorization == "Bearer \(secretKey)" else {
                let shown = authorization.map { "Invalid API Key provided: \(Self.masked($0))" }
                return Self.error(401, "invalid_request_error", code: nil, shown ?? "You did not provide an API key.")
            }
            var trouble: Trouble?
            if !state.troubles.isEmpty { trouble = state.troubles.removeFirst() }
            switch trouble {
            case .serverError?:
                return Self.error(500, "api_error", code: nil, "An unknown error occurred")
            case .rateLimited?:
                return Self.error(
                    429, "invalid_request_error", code: "rate_limit", "Too many requests hit the API too quickly.")
            case .idempotencyConflict?:
                return Self.error(
                    409, "idempotency_error", code: "idempotency_key_in_use",
                    "There is currently another in-progress request using this Idempotent Key (that probably means you "
                        + "submitted twice, and the other request is still going through): \(key ?? ""). "
                        + "Please try again later.")
            case .notJSON?:
                return (200, Data("<html><body><h1>Welcome</h1></body></html>".utf8))
            case .answer(let status, let json)?:
                return (status, Data(json.utf8))
            case .heldAnswer?:
                hold = true
            case .cardDeclined?, .invalidRequest?, nil:
                break
            }
            guard contentType?.hasPrefix("application/x-www-form-urlencoded") == true else {
                return Self.error(
                    400, "invalid_request_error", code: nil,
                    "Deskflow sends form-encoded bodies; this one was \(contentType ?? "untyped").")
            }
            guard let key, !key.isEmpty else {
                return Self.error(
                    400, "invalid_request_error", code: "idempotency_key_missing",
                    "Deskflow sends every call with an Idempotency-Key; this one had none.")
            }
            let fingerprint =
                path + "?" + form.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            if let stored = state.answers[key] {
                guard stored.fingerprint == fingerprint else {
                    return Self.error(
                        400, "idempotency_error", code: nil,
                        "Keys for idempotent requests can only be used with the same parameters they were first used "
                            + "with. Try using a key other than '\(key)' if you meant to execute a different request.")
                }
                replayed = true
                return (stored.status, stored.body)
            }
            let answer: (Int, Data)
            switch trouble {
            case .cardDeclined(let declineCode, let message)?:
                answer = Self.declined(path: path, declineCode: declineCode, message: message, &state)
            case .invalidRequest(let code, let message)?:
                answer = Self.error(400, "invalid_request_error", code: code, message)
            default:
                answer = endpoint(&state, form, key)
            }
            state.answers[key] = Stored(fingerprint: fingerprint, status: answer.0, body: answer.1)
            return answer
        }
        state.withLock {
            $0.requests.append(
                Request(
                    method: "POST", path: path, form: form, body: body, authorization: authorization,
                    contentType: contentType,
                    idempotencyKey: key, status: status, replayed: replayed))
        }
        if hold { await waitForRelease() }
        var headers: HTTPFields = [
            .contentType: status == 200 && answer.first != UInt8(ascii: "{") ? "text/html" : "application/json"
        ]
        headers[HTTPField.Name("Request-Id")!] = "req_fake\(requests.count)"
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }

    private func waitForRelease() async {
        await withCheckedContinuation { continuation in
            let released = state.withLock { state in
                if state.holdsReleased { return true }
                state.held.append(continuation)
                return false
            }
            if released { continuation.resume() }
        }
    }

    // MARK: Endpoints

    // The endpoints run under the state's lock, taken once for the whole call (`serve`).
    private static func capture(_ id: String, _ form: [String: String], _ state: inout State) -> (Int, Data) {
        mutateIntent(id, form, allowed: ["amount_to_capture"], &state) { intent in
            guard intent.status == .requiresCapture else {
                return Self.unexpectedState("capture", intent, allowed: ["requires_capture"])
            }
            var amount = intent.amountCapturable
            if let given = form["amount_to_capture"] {
                guard let parsed = Int64(given), parsed > 0 else { return Self.invalidInteger("amount_to_capture") }
                guard parsed <= intent.amountCapturable else {
                    return Self.error(
                        400, "invalid_request_error", code: "amount_too_large",
                        "The amount to capture (\(parsed)) is greater than the amount capturable "
                            + "(\(intent.amountCapturable)).",
                        param: "amount_to_capture")
                }
                amount = parsed
            }
            intent.status = .succeeded
            intent.amountReceived = amount
            intent.amountCapturable = 0
            return nil
        }
    }

    private static func cancel(_ id: String, _ form: [String: String], _ state: inout State) -> (Int, Data) {
        mutateIntent(id, form, allowed: ["cancellation_reason"], &state) { intent in
            let cancellable: [PaymentIntentStatus] = [
                .requiresPaymentMethod, .requiresCapture, .requiresConfirmation, .requiresAction, .processing,
            ]
            guard cancellable.contains(intent.status) else {
                return Self.unexpectedState("cancel", intent, allowed: cancellable.map(\.rawValue))
            }
            intent.status = .canceled
            intent.amountCapturable = 0
            return nil
        }
    }

    private static func confirm(_ id: String, _ form: [String: String], _ state: inout State) -> (Int, Data) {
        mutateIntent(id, form, allowed: ["payment_method", "off_session", "capture_method"], &state) { intent in
            guard [.requiresPaymentMethod, .requiresConfirmation].contains(intent.status) else {
                return Self.unexpectedState(
                    "confirm", intent, allowed: ["requires_payment_method", "requires_confirmation"])
            }
            // Deskflow charges with the customer away: it must say so, or Stripe would ask them to authenticate.
            guard form["off_session"] == "true" else {
                return Self.error(
                    400, "invalid_request_error", code: "parameter_missing", "Missing required param: off_session.",
                    param: "off_session")
            }
            if let method = form["payment_method"] { intent.paymentMethod = method }
            guard intent.paymentMethod != nil else {
                return Self.error(
                    400, "invalid_request_error", code: "payment_intent_unexpected_state",
                    "You cannot confirm this PaymentIntent because it's missing a payment method.",
                    param: "payment_method")
            }
            if let captureMethod = form["capture_method"] { intent.captureMethod = captureMethod }
            return nil
        } after: { intent, state in
            if let decline = state.declinedMethods[intent.paymentMethod ?? ""] {
                return Self.decline(&intent, declineCode: decline.declineCode, message: decline.message)
            }
            intent.lastPaymentError = nil
            if intent.captureMethod == "manual" {
                intent.status = .requiresCapture
                intent.amountCapturable = intent.amount
            } else {
                intent.status = .succeeded
                intent.amountReceived = intent.amount
            }
            return nil
        }
    }

    private static func refund(_ form: [String: String], key: String, _ state: inout State) -> (Int, Data) {
        do {
            if let unknown = form.keys.sorted().first(where: { !["payment_intent", "amount", "reason"].contains($0) }) {
                return Self.unknownParameter(unknown)
            }
            guard let id = form["payment_intent"] else {
                return Self.error(
                    400, "invalid_request_error", code: "parameter_missing", "Missing required param: payment_intent.",
                    param: "payment_intent")
            }
            guard var intent = state.intents[id] else { return Self.noSuchIntent(id, param: "payment_intent") }
            let left = intent.amountReceived - intent.amountRefunded
            guard intent.status == .succeeded, intent.amountReceived > 0 else {
                return Self.error(
                    400, "invalid_request_error", code: "charge_not_captured",
                    "This PaymentIntent (\(id)) does not have a successful charge to refund.", param: "payment_intent")
            }
            guard left > 0 else {
                return Self.error(
                    400, "invalid_request_error", code: "charge_already_refunded",
                    "Charge for \(id) has already been refunded.")
            }
            var amount = left
            if let given = form["amount"] {
                guard let parsed = Int64(given), parsed > 0 else { return Self.invalidInteger("amount") }
                guard parsed <= left else {
                    return Self.error(
                        400, "invalid_request_error", code: "amount_too_large",
                        "Refund amount (\(parsed)) is greater than unrefunded amount on charge (\(left))",
                        param: "amount")
                }
                amount = parsed
            }
            let (status, failureReason) = state.refundOutcome
            if status != "failed", status != "canceled" { intent.amountRefunded += amount }
            state.intents[id] = intent
            let refundID = "re_fake\(String(format: "%08d", state.nextID))"
            state.nextID += 1
            let refund = Refund(
                id: refundID, paymentIntent: id, amount: amount, status: status, failureReason: failureReason,
                idempotencyKey: key)
            state.refunds.append(refund)
            return (200, Self.json(Self.refundObject(refund, currency: intent.currency)))
        }
    }

    /// Runs `change` on a copy of the PaymentIntent and stores it when it answers `nil` (no error), then `after`, which
    /// may still answer with an error (a decline) after storing.
    private static func mutateIntent(
        _ id: String, _ form: [String: String], allowed: Set<String>, _ state: inout State,
        _ change: (inout PaymentIntent) -> (Int, Data)?,
        after: ((inout PaymentIntent, State) -> (Int, Data)?)? = nil
    ) -> (Int, Data) {
        do {
            if let unknown = form.keys.sorted().first(where: { !allowed.contains($0) }) {
                return Self.unknownParameter(unknown)
            }
            guard var intent = state.intents[id] else { return Self.noSuchIntent(id, param: "intent") }
            if let refused = change(&intent) { return refused }
            let declined = after?(&intent, state)
            state.intents[id] = intent
            return declined ?? (200, Self.json(Self.intentObject(intent)))
        }
    }

    /// A decline the test asked for (`Trouble.cardDeclined`): a confirm leaves its PaymentIntent needing a new method.
    private static func declined(
        path: String, declineCode: String, message: String, _ state: inout State
    ) -> (Int, Data) {
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[3] == "confirm", var intent = state.intents[String(parts[2])] else {
            return Self.error(402, "card_error", code: "card_declined", message, declineCode: declineCode)
        }
        let answer = decline(&intent, declineCode: declineCode, message: message)
        state.intents[intent.id] = intent
        return answer
    }

    private static func decline(_ intent: inout PaymentIntent, declineCode: String, message: String) -> (Int, Data) {
        intent.status = .requiresPaymentMethod
        intent.lastPaymentError = [
            "type": "card_error", "code": "card_declined", "decline_code": declineCode, "message": message,
        ]
        return Self.error(
            402, "card_error", code: "card_declined", message, declineCode: declineCode,
            intent: Self.intentObject(intent))
    }

    // MARK: Stripe's shapes

    static func intentObject(_ intent: PaymentIntent) -> [String: Any] {
        [
            "id": intent.id, "object": "payment_intent", "amount": intent.amount,
            "amount_capturable": intent.amountCapturable,
            "amount_received": intent.amountReceived, "currency": intent.currency, "status": intent.status.rawValue,
            "capture_method": intent.captureMethod, "confirmation_method": "automatic", "created": 1_795_780_800,
            "livemode": false, "metadata": [String: String](), "payment_method": intent.paymentMethod ?? NSNull(),
            "payment_method_types": ["card"],
            "latest_charge": intent.amountReceived > 0 ? "ch_\(intent.id.dropFirst(3))" : NSNull(),
            "canceled_at": intent.status == .canceled ? 1_795_780_800 : NSNull(),
            "cancellation_reason": NSNull(),
            "last_payment_error": intent.lastPaymentError.map { $0 as [String: Any] } ?? NSNull(),
        ]
    }

    static func refundObject(_ refund: Refund, currency: String) -> [String: Any] {
        [
            "id": refund.id, "object": "refund", "amount": refund.amount, "currency": currency,
            "payment_intent": refund.paymentIntent, "charge": "ch_\(refund.paymentIntent.dropFirst(3))",
            "status": refund.status,
            "failure_reason": refund.failureReason ?? NSNull(), "reason": NSNull(), "created": 1_795_780_800,
            "metadata": [String: String](), "balance_transaction": NSNull(), "receipt_number": NSNull(),
        ]
    }

    /// Stripe's error object: `{"error": {"type", "code", "decline_code", "message", "param", …}}`.
    static func error(
        _ status: Int, _ type: String, code: String?, _ message: String, param: String? = nil,
        declineCode: String? = nil,
        intent: [String: Any]? = nil
    ) -> (Int, Data) {
        var error: [String: Any] = ["type": type, "message": message]
        if let code {
            error["code"] = code
            error["doc_url"] = "https://stripe.com/docs/error-codes/\(code.replacingOccurrences(of: "_", with: "-"))"
        }
        if let param { error["param"] = param }
        if let declineCode { error["decline_code"] = declineCode }
        if let intent { error["payment_intent"] = intent }
        return (status, json(["error": error]))
    }

    static func unexpectedState(_ verb: String, _ intent: PaymentIntent, allowed: [String]) -> (Int, Data) {
        error(
            400, "invalid_request_error", code: "payment_intent_unexpected_state",
            "You cannot \(verb) this PaymentIntent because it has a status of \(intent.status.rawValue). "
                + "Only a PaymentIntent with one of the following statuses may be \(pastTense[verb] ?? verb): "
                + "\(allowed.joined(separator: ", ")).",
            intent: intentObject(intent))
    }

    static let pastTense = ["cancel": "canceled", "capture": "captured", "confirm": "confirmed"]

    static func noSuchIntent(_ id: String, param: String) -> (Int, Data) {
        error(404, "invalid_request_error", code: "resource_missing", "No such payment_intent: '\(id)'", param: param)
    }

    static func unknownParameter(_ name: String) -> (Int, Data) {
        error(
            400, "invalid_request_error", code: "parameter_unknown", "Received unknown parameter: \(name)", param: name)
    }

    static func invalidInteger(_ name: String) -> (Int, Data) {
        error(400, "invalid_request_error", code: "parameter_invalid_integer", "Invalid positive integer", param: name)
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// `sk_test_…0001` as Stripe shows a key it refused: never the whole of it.
    static func masked(_ authorization: String) -> String {
        let key = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : authorization
        return key.count > 8
            ? String(key.prefix(8)) + String(repeating: "*", count: 8) + String(key.suffix(4)) : "********"
    }

    static func decodeForm(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decoded(parts[0])] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }
}
