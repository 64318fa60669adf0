import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import Foundation
import Testing

@testable import DeskflowProviders

extension DeskflowProvidersTests {
    /// Each call as Stripe receives it: the path, the form fields, the secret key and Deskflow's idempotency key; and
    /// what each of Stripe's answers becomes.
    @Suite("The Stripe gateway")
    struct StripeGatewayCalls {
        typealias H = StripeHarness

        static let key = "cancel-6f1c3a52-4a7e-4c1e-9a64-2f0c1d7b9e10"

        /// The one request `stripe` received, checked for what every call carries.
        static func onlyRequest(_ stripe: FakeStripe, to path: String) throws -> FakeStripe.Request {
            let requests = stripe.requests
            try #require(requests.count == 1, "\(requests)")
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == path)
            #expect(request.authorization == "Bearer \(FakeStripe.testSecretKey)")
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.status == 200)
            return request
        }

        @Test(
            "a capture posts amount_to_capture to the PaymentIntent under the call's key; its reference is the intent"
        )
        func capture() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Capture", amount: 5_200, status: .requiresCapture)
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.capture(H.call(key: "capture-k1", amount: 5_200, intent: "pi_3Capture"))
                }
                #expect(
                    answer
                        == GatewayOutcome(
                            succeeded: true, reference: "pi_3Capture", failureCode: nil, failureMessage: nil))
                let request = try Self.onlyRequest(stripe, to: "/v1/payment_intents/pi_3Capture/capture")
                #expect(request.form == ["amount_to_capture": "5200"])
                #expect(request.body == "amount_to_capture=5200")
                #expect(request.idempotencyKey == "capture-k1")
                #expect(stripe.paymentIntent("pi_3Capture")?.status == .succeeded)
                #expect(stripe.paymentIntent("pi_3Capture")?.amountReceived == 5_200)
            }
        }

        @Test("a void cancels the PaymentIntent, with no fields")
        func void() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Void", amount: 5_200, status: .requiresCapture)
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.void(H.call(key: "cancel-void-1", amount: 5_200, intent: "pi_3Void"))
                }
                #expect(answer.succeeded)
                #expect(answer.reference == "pi_3Void")
                let request = try Self.onlyRequest(stripe, to: "/v1/payment_intents/pi_3Void/cancel")
                #expect(request.form == [:])
                #expect(request.idempotencyKey == "cancel-void-1")
                #expect(stripe.paymentIntent("pi_3Void")?.status == .canceled)
            }
        }

        @Test("a refund posts payment_intent and amount to /v1/refunds, and the Refund is its reference")
        func refund() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Refund", amount: 5_200)
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.refund(H.call(key: Self.key, amount: 1_500, intent: "pi_3Refund"))
                }
                let refund = try #require(stripe.refunds.first)
                #expect(
                    answer
                        == GatewayOutcome(succeeded: true, reference: refund.id, failureCode: nil, failureMessage: nil))
                let request = try Self.onlyRequest(stripe, to: "/v1/refunds")
                #expect(request.form == ["payment_intent": "pi_3Refund", "amount": "1500"])
                #expect(request.idempotencyKey == Self.key)
                #expect(stripe.refunds.map(\.amount) == [1_500])
                #expect(stripe.paymentIntent("pi_3Refund")?.amountRefunded == 1_500)
            }
        }

        @Test(
            "a charge retry confirms the PaymentIntent off session with the recorded payment method, capturing at once")
        func charge() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent(
                    "pi_3Retry", amount: 5_200, status: .requiresPaymentMethod, paymentMethod: "pm_card_chargeDeclined")
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.charge(
                        H.call(
                            key: "charge-k1", amount: 5_200, intent: "pi_3Retry", methodReference: "pm_card_mastercard")
                    )
                }
                #expect(answer.succeeded)
                #expect(answer.reference == "pi_3Retry")
                let request = try Self.onlyRequest(stripe, to: "/v1/payment_intents/pi_3Retry/confirm")
                #expect(
                    request.form == [
                        "payment_method": "pm_card_mastercard", "off_session": "true", "capture_method": "automatic",
                    ])
                #expect(request.idempotencyKey == "charge-k1")
                let intent = try #require(stripe.paymentIntent("pi_3Retry"))
                #expect(intent.status == .succeeded)
                #expect(intent.amountReceived == 5_200)
                #expect(intent.paymentMethod == "pm_card_mastercard")
            }
        }

        @Test("without a recorded payment method, the retry confirms with the one the PaymentIntent holds")
        func chargeOnFile() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent(
                    "pi_3OnFile", amount: 5_200, status: .requiresPaymentMethod, paymentMethod: "pm_card_visa")
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.charge(H.call(key: "charge-k2", amount: 5_200, intent: "pi_3OnFile"))
                }
                #expect(answer.succeeded)
                #expect(
                    try Self.onlyRequest(stripe, to: "/v1/payment_intents/pi_3OnFile/confirm").form
                        == ["off_session": "true", "capture_method": "automatic"])
            }
        }

        @Test("the same call sent twice is answered the same, and Stripe refunds once")
        func sameKeyTwice() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Twice", amount: 5_200)
                let (first, second) = try await H.withGateway(stripe.baseURL!) { gateway in
                    let call = H.call(key: Self.key, amount: 1_500, intent: "pi_3Twice")
                    return (await gateway.refund(call), await gateway.refund(call))
                }
                #expect(first.succeeded)
                #expect(second == first)
                #expect(stripe.refunds.count == 1)
                #expect(stripe.requests.map(\.idempotencyKey) == [Self.key, Self.key])
                #expect(stripe.requests.map(\.replayed) == [false, true])
            }
        }

        // MARK: Stripe's refusals

        @Test("a card error is a final failure with Stripe's message and decline code, and asking again replays it")
        func cardDeclined() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Declined", amount: 5_200, status: .requiresPaymentMethod)
                stripe.answerNext(
                    .cardDeclined(declineCode: "insufficient_funds", message: "Your card has insufficient funds."))
                let (first, again) = try await H.withGateway(stripe.baseURL!) { gateway in
                    let call = H.call(
                        key: "charge-declined", amount: 5_200, intent: "pi_3Declined", methodReference: "pm_card_visa")
                    return (await gateway.charge(call), await gateway.charge(call))
                }
                let declined = GatewayOutcome(
                    succeeded: false, reference: nil, failureCode: "insufficient_funds",
                    failureMessage: "Your card has insufficient funds.")
                #expect(first == declined)
                #expect(again == declined)
                #expect(stripe.requests.map(\.status) == [402, 402])
                #expect(stripe.paymentIntent("pi_3Declined")?.status == .requiresPaymentMethod)
                #expect(stripe.paymentIntent("pi_3Declined")?.amountReceived == 0)
            }
        }

        @Test("a payment method Stripe declines gives Stripe's 402 with the PaymentIntent needing a new method")
        func declinedMethod() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Expired", amount: 5_200, status: .requiresPaymentMethod)
                stripe.declineCharges(
                    paymentMethod: "pm_card_chargeDeclinedExpiredCard", declineCode: "expired_card",
                    message: "Your card has expired.")
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.charge(
                        H.call(
                            key: "charge-expired", amount: 5_200, intent: "pi_3Expired",
                            methodReference: "pm_card_chargeDeclinedExpiredCard"))
                }
                #expect(
                    answer
                        == GatewayOutcome(
                            succeeded: false, reference: nil, failureCode: "expired_card",
                            failureMessage: "Your card has expired."))
                #expect(stripe.paymentIntent("pi_3Expired")?.lastPaymentError?["decline_code"] == "expired_card")
            }
        }

        @Test(
            "a request Stripe refuses is a final failure with Stripe's message, and nothing moves",
            arguments: [
                (
                    "capture of a PaymentIntent already captured", "capture", FakeStripe.PaymentIntentStatus.succeeded,
                    Int64(5_200),
                    "payment_intent_unexpected_state",
                    "You cannot capture this PaymentIntent because it has a status of succeeded. Only a PaymentIntent "
                        + "with one of the following statuses may be captured: requires_capture."
                ),
                (
                    "refund over what is left", "refund", .succeeded, 9_999, "amount_too_large",
                    "Refund amount (9999) is greater than unrefunded amount on charge (5200)"
                ),
                (
                    "void of a PaymentIntent already paid", "void", .succeeded, 5_200,
                    "payment_intent_unexpected_state",
                    "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent "
                        + "with one of the following statuses may be canceled: requires_payment_method, "
                        + "requires_capture, requires_confirmation, requires_action, processing."
                ),
            ] as [(String, String, FakeStripe.PaymentIntentStatus, Int64, String, String)])
        func invalidRequest(
            name: String, kind: String, status: FakeStripe.PaymentIntentStatus, amount: Int64, code: String,
            message: String
        ) async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Refused", amount: 5_200, status: status)
                let before = stripe.paymentIntent("pi_3Refused")
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    let call = H.call(key: "refused-\(kind)", amount: amount, intent: "pi_3Refused")
                    return switch kind {
                    case "capture": await gateway.capture(call)
                    case "void": await gateway.void(call)
                    default: await gateway.refund(call)
                    }
                }
                #expect(
                    answer
                        == GatewayOutcome(succeeded: false, reference: nil, failureCode: code, failureMessage: message))
                #expect(!answer.isTransient)
                #expect(stripe.requests.map(\.status) == [400])
                #expect(stripe.paymentIntent("pi_3Refused") == before)
                #expect(stripe.refunds.isEmpty)
            }
        }

        @Test("a PaymentIntent Stripe does not know is a final failure naming it")
        func unknownIntent() async throws {
            try await H.withFakeStripe { stripe in
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.refund(H.call(key: "refund-unknown", amount: 100, intent: "pi_3Nowhere"))
                }
                #expect(
                    answer
                        == GatewayOutcome(
                            succeeded: false, reference: nil, failureCode: "resource_missing",
                            failureMessage: "No such payment_intent: 'pi_3Nowhere'"))
            }
        }

        @Test(
            "a Stripe payment without a usable PaymentIntent id fails at once, and nothing is sent",
            arguments: [nil, "", "pi_", "pi_3x/../../v1/refunds", "pi_3x?amount=1", "ch_3Charge"] as [String?])
        func unusableIntent(reference: String?) async throws {
            try await H.withFakeStripe { stripe in
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.refund(H.call(key: "refund-nothing", amount: 100, intent: reference))
                }
                #expect(!answer.succeeded)
                #expect(!answer.isTransient)
                #expect(answer.failureCode == "missing_payment_intent")
                #expect(stripe.requests.isEmpty)
            }
        }

        // MARK: A refund's own state

        @Test(
            "a refund Stripe took on counts as made; one it could not make is a final failure saying why",
            arguments: [
                ("succeeded", nil, nil), ("pending", nil, nil), ("requires_action", nil, nil),
                ("failed", "expired_or_canceled_card", "Stripe could not make the refund: expired or canceled card."),
                ("canceled", nil, "Stripe could not make the refund."),
            ] as [(String, String?, String?)])
        func refundStates(status: String, reason: String?, failure: String?) async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3States", amount: 5_200)
                stripe.refundsEnd(as: status, failureReason: reason)
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.refund(H.call(key: "refund-\(status)", amount: 1_000, intent: "pi_3States"))
                }
                let refund = try #require(stripe.refunds.first)
                if let failure {
                    #expect(
                        answer
                            == GatewayOutcome(
                                succeeded: false, reference: nil, failureCode: reason ?? "refund_canceled",
                                failureMessage: failure))
                } else {
                    #expect(
                        answer
                            == GatewayOutcome(
                                succeeded: true, reference: refund.id, failureCode: nil, failureMessage: nil))
                }
            }
        }

        @Test(
            "a confirm answered with the PaymentIntent still needing a payment method is a failure with its last error")
        func confirmLeftUnpaid() async throws {
            try await H.withFakeStripe { stripe in
                stripe.answerNext(
                    .answer(
                        status: 200,
                        json: """
                            {"id": "pi_3Unpaid", "object": "payment_intent", "amount": 5200,
                             "status": "requires_payment_method",
                             "last_payment_error": {"type": "card_error", "code": "card_declined",
                                                    "decline_code": "do_not_honor",
                                                    "message": "Your card was declined."}}
                            """))
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.charge(
                        H.call(
                            key: "charge-unpaid", amount: 5_200, intent: "pi_3Unpaid", methodReference: "pm_card_visa"))
                }
                #expect(
                    answer
                        == GatewayOutcome(
                            succeeded: false, reference: nil, failureCode: "do_not_honor",
                            failureMessage: "Your card was declined."))
            }
        }

        @Test("a confirm that leaves the customer to authenticate is a failure asking for a new method")
        func confirmNeedsAction() async throws {
            try await H.withFakeStripe { stripe in
                stripe.answerNext(
                    .answer(
                        status: 200,
                        json: #"{"id": "pi_3Action", "object": "payment_intent", "status": "requires_action"}"#))
                let answer = try await H.withGateway(stripe.baseURL!) { gateway in
                    await gateway.charge(H.call(key: "charge-action", amount: 5_200, intent: "pi_3Action"))
                }
                #expect(!answer.succeeded)
                #expect(!answer.isTransient)
                #expect(answer.failureCode == "authentication_required")
            }
        }

        @Test("a key Stripe refuses is a final failure that says to check STRIPE_SECRET_KEY, and never shows the key")
        func wrongKey() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Key", amount: 5_200)
                let wrong = "sk_test_WrongKeyForDeskflowTests000000000000099"
                let answer = try await H.withGateway(stripe.baseURL!, key: wrong) { gateway in
                    await gateway.refund(H.call(key: "refund-wrong-key", amount: 100, intent: "pi_3Key"))
                }
                #expect(!answer.succeeded)
                #expect(!answer.isTransient)
                #expect(answer.failureCode == "stripe_authentication")
                #expect(answer.failureMessage?.contains("STRIPE_SECRET_KEY") == true)
                #expect(answer.failureMessage?.contains(wrong) == false)
                #expect(stripe.requests.map(\.status) == [401])
                #expect(stripe.refunds.isEmpty)
            }
        }
    }
}
