import DeskflowDomain
import Foundation
import Logging

/// What one of Stripe's answers means for Deskflow: the outcome the domain settles the order from, and what to log.
///
/// - 200: the object Stripe returns, checked by its status (a PaymentIntent after a capture, cancel or confirm; a
///   Refund).
/// - 402 `card_error`: a final failure with Stripe's message (the manager reads it in the failure banner) and the
///   `decline_code`, or the `code`, as its code.
/// - 400 or 404 `invalid_request_error`: a final failure with Stripe's message. Deskflow asked for something Stripe
///   would not do (a PaymentIntent already captured, an amount over what is left); nothing moved.
/// - 401 or 403: a final failure telling the manager the key was refused; Stripe did nothing.
/// - 409, or any `idempotency_error`: a bug in Deskflow (the same key sent twice at once, or with other values), logged
///   as an error. The call is not failed, because Stripe may have carried out the first request under that key: it
///   waits, pending, and is asked again under the same key, which can only replay what Stripe did the first time.
/// - 429, 5xx, a body that is not Stripe's JSON, or no answer at all: transient. Stripe may or may not have acted; the
///   call stays pending and is asked again under the same key.
struct StripeAnswer {
    var outcome: GatewayOutcome
    /// How loudly to log this answer, and what to say; `nil` for a plain success.
    var log: (level: Logger.Level, message: String)?

    /// The most of Stripe's message a manager is shown.
    static let maximumMessageLength = 500

    /// Interprets Stripe's answer to a `kind` call: its HTTP status and body. `redact` takes the secret key out of any
    /// text Stripe sent back.
    static func interpret(
        _ kind: PaymentCall.Kind, status: Int, body: Data, redact: (String) -> String
    ) -> StripeAnswer {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        if status == 200 {
            guard let object = try? decoder.decode(StripeObject.self, from: body), object.object == kind.stripeObject
            else {
                return .transient(
                    "Stripe's answer could not be read, so it may or may not have acted.", log: "unreadable answer")
            }
            return settled(kind, object, redact: redact)
        }
        let error = (try? decoder.decode(StripeErrorEnvelope.self, from: body))?.error
        let message = error?.message.map { Self.shortened(redact($0)) }
        if status == 409 || error?.type == "idempotency_error" {
            return StripeAnswer(
                outcome: .transient(
                    "Stripe refused the call as a clash of idempotency keys (HTTP \(status)). Nothing was done twice; "
                        + "it is asked again under the same key."),
                log: (
                    .error,
                    "Stripe reported an idempotency key clash, a bug in Deskflow; the call stays pending under its key"
                ))
        }
        if status == 429 {
            return .transient("Stripe asked Deskflow to slow down (HTTP 429).", log: "rate limited")
        }
        if status >= 500 || error == nil {
            return .transient(
                "Stripe had a problem (HTTP \(status)) and may or may not have acted.", log: "HTTP \(status)")
        }
        switch (status, error?.type) {
        case (402, _), (_, "card_error"):
            let code = error?.declineCode ?? error?.code ?? "card_declined"
            return StripeAnswer(
                outcome: .failed(code, message ?? "Stripe declined the card."),
                log: (.warning, "Stripe declined the call"))
        case (401, _), (403, _):
            return StripeAnswer(
                outcome: .failed(
                    "stripe_authentication",
                    "Stripe refused Deskflow's secret key (HTTP \(status)), so nothing was done. "
                        + "Check STRIPE_SECRET_KEY."
                ),
                log: (.error, "Stripe refused the secret key"))
        default:
            return StripeAnswer(
                outcome: .failed(
                    error?.code ?? "invalid_request", message ?? "Stripe refused the call (HTTP \(status))."),
                log: (.warning, "Stripe refused the call"))
        }
    }

    /// A 200: Stripe did what it was asked only when the object says so.
    private static func settled(
        _ kind: PaymentCall.Kind, _ object: StripeObject, redact: (String) -> String
    ) -> StripeAnswer {
        let status = object.status ?? "unknown"
        switch (kind, status) {
        case (.capture, "succeeded"), (.charge, "succeeded"), (.void, "canceled"):
            return StripeAnswer(outcome: .succeeded(object.id), log: nil)
        case (.refund, "succeeded"), (.refund, "pending"), (.refund, "requires_action"):
            // Stripe has taken the refund on. A pending one is asked about again under the same key only to replay
            // this same answer, so it counts as made; should the bank refuse it later, Stripe reports that as an event.
            return StripeAnswer(outcome: .succeeded(object.id), log: nil)
        case (.refund, _):
            let reason = object.failureReason.map { ": " + $0.replacingOccurrences(of: "_", with: " ") } ?? ""
            return StripeAnswer(
                outcome: .failed(
                    object.failureReason ?? "refund_\(status)", "Stripe could not make the refund\(reason)."),
                log: (.warning, "Stripe's refund is \(status)"))
        case (.charge, "requires_payment_method"):
            let error = object.lastPaymentError
            return StripeAnswer(
                outcome: .failed(
                    error?.declineCode ?? error?.code ?? "payment_failed",
                    error?.message.map { shortened(redact($0)) } ?? "Stripe could not charge the payment method."),
                log: (.warning, "Stripe declined the charge"))
        case (.charge, "requires_action"):
            return StripeAnswer(
                outcome: .failed(
                    "authentication_required",
                    "The card needs the customer to confirm the payment themselves. "
                        + "Ask them for a new payment method."),
                log: (.warning, "Stripe needs the customer to authenticate"))
        case (.charge, "processing"):
            // A PaymentIntent is confirmed once: while it processes, a new charge is refused, so nothing is taken
            // twice.
            return StripeAnswer(
                outcome: .failed(
                    "payment_processing",
                    "Stripe is still processing this payment. Check it in Stripe before taking it again."),
                log: (.warning, "Stripe is still processing the charge"))
        default:
            return StripeAnswer(
                outcome: .failed(
                    "unexpected_state", "Stripe left the payment \(status.replacingOccurrences(of: "_", with: " "))."),
                log: (.warning, "Stripe's payment is \(status)"))
        }
    }

    static func transient(_ message: String, log: String) -> StripeAnswer {
        StripeAnswer(
            outcome: .transient(message),
            log: (.warning, "Stripe did not settle the call (\(log)); it stays pending under its key"))
    }

    static func shortened(_ text: String) -> String {
        text.count <= maximumMessageLength ? text : String(text.prefix(maximumMessageLength - 1)) + "…"
    }
}

extension GatewayOutcome {
    static func succeeded(_ reference: String) -> GatewayOutcome {
        GatewayOutcome(succeeded: true, reference: reference, failureCode: nil, failureMessage: nil)
    }

    static func failed(_ code: String, _ message: String) -> GatewayOutcome {
        GatewayOutcome(succeeded: false, reference: nil, failureCode: code, failureMessage: message)
    }

    /// Stripe may or may not have acted: the call is asked again under its key. The code says the provider may have
    /// acted (`OrderIssue.providerMayHaveActed`), so a refund left this way is never paid back by hand as well.
    static func transient(_ message: String) -> GatewayOutcome {
        GatewayOutcome(
            succeeded: false, reference: nil, failureCode: OrderIssue.noAnswerCode, failureMessage: message,
            isTransient: true)
    }
}

extension PaymentCall.Kind {
    /// The kind of object Stripe answers this call with.
    var stripeObject: String { self == .refund ? "refund" : "payment_intent" }
}

/// The parts of a Stripe PaymentIntent or Refund that Deskflow reads.
struct StripeObject: Decodable {
    var id: String
    var object: String
    var status: String?
    /// A Refund's: why it failed.
    var failureReason: String?
    /// A PaymentIntent's: why its last attempt failed.
    var lastPaymentError: StripeError?
}

struct StripeErrorEnvelope: Decodable {
    var error: StripeError
}

/// Stripe's error object.
struct StripeError: Decodable {
    var type: String?
    var code: String?
    var declineCode: String?
    var message: String?
    var param: String?
}
