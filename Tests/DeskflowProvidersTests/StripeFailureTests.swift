import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import Foundation
import Logging
import Testing

@testable import DeskflowProviders

extension DeskflowProvidersTests {
    /// When Stripe does not settle a call, the call stays open under its key, and asking again under the same key
    /// moves the money exactly once.
    @Suite("Stripe failing to answer")
    struct StripeFailures {
        typealias H = StripeHarness

        static let key = "cancel-1b7e0c9d-6f2a-4c55-8d0e-3a9b2c4d5e6f"

        /// Stripe may or may not have acted: the answer says so, in the code the domain reads that way.
        static func expectUnsettled(_ answer: GatewayOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(answer.isTransient, sourceLocation: sourceLocation)
            #expect(!answer.succeeded, sourceLocation: sourceLocation)
            #expect(answer.failureCode == OrderIssue.noAnswerCode, sourceLocation: sourceLocation)
            #expect(answer.reference == nil, sourceLocation: sourceLocation)
        }

        static func send(_ kind: PaymentCall.Kind, _ gateway: StripeGateway) async -> GatewayOutcome {
            switch kind {
            case .refund: await gateway.refund(H.call(key: key, amount: 1_500, intent: "pi_3Flaky"))
            case .charge:
                await gateway.charge(
                    H.call(key: key, amount: 5_200, intent: "pi_3Flaky", methodReference: "pm_card_visa"))
            case .capture: await gateway.capture(H.call(key: key, amount: 5_200, intent: "pi_3Flaky"))
            case .void: await gateway.void(H.call(key: key, amount: 5_200, intent: "pi_3Flaky"))
            }
        }

        static func intentStatus(for kind: PaymentCall.Kind) -> FakeStripe.PaymentIntentStatus {
            switch kind {
            case .refund: .succeeded
            case .charge: .requiresPaymentMethod
            case .capture, .void: .requiresCapture
            }
        }

        /// What the fake did to the PaymentIntent, to compare before and after.
        static func moved(_ stripe: FakeStripe) -> String {
            let intent = stripe.paymentIntent("pi_3Flaky")
            let refunds = stripe.refunds.map(\.amount)
            return "\(intent?.status.rawValue ?? "-") received \(intent?.amountReceived ?? -1) refunds \(refunds)"
        }

        @Test(
            "a 500, a 429, a 409 or a body not JSON leaves the call open; asked again under its key, it is done once",
            arguments: [FakeStripe.Trouble.serverError, .rateLimited, .idempotencyConflict, .notJSON],
            PaymentCall.Kind.allCases)
        func troubleThenRetry(trouble: FakeStripe.Trouble, kind: PaymentCall.Kind) async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Flaky", amount: 5_200, status: Self.intentStatus(for: kind))
                let before = Self.moved(stripe)
                stripe.answerNext(trouble)
                try await H.withGateway(stripe.baseURL!) { gateway in
                    // when Stripe answers badly
                    Self.expectUnsettled(await Self.send(kind, gateway))
                    // then nothing moved
                    #expect(Self.moved(stripe) == before)

                    // when the call is asked again under its key
                    let again = await Self.send(kind, gateway)

                    // then it is done, once
                    #expect(again.succeeded)
                    #expect(stripe.requests.map(\.idempotencyKey) == [Self.key, Self.key])
                    #expect(stripe.requests.count == 2)
                    #expect(stripe.requests.last?.status == 200)
                    #expect(stripe.requests.last?.replayed == false)
                    #expect(stripe.refunds.count == (kind == .refund ? 1 : 0))
                }
            }
        }

        @Test("a refused connection leaves the call open; once Stripe is back, the same key refunds once")
        func connectionRefused() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Flaky", amount: 5_200)
                let first = try #require(stripe.baseURL)
                await stripe.stop()

                // when Stripe cannot be reached
                let refused = try await H.withGateway(first, connectTimeout: .milliseconds(300)) {
                    await Self.send(.refund, $0)
                }

                // then
                Self.expectUnsettled(refused)
                #expect(stripe.requests.isEmpty)

                // when it is back and the call is asked again
                let back = try await stripe.start()
                let again = try await H.withGateway(back) { await Self.send(.refund, $0) }

                // then
                #expect(again.succeeded)
                #expect(stripe.refunds.map(\.amount) == [1_500])
                #expect(stripe.refunds.map(\.idempotencyKey) == [Self.key])
            }
        }

        @Test(
            "an answer that never comes in time leaves the call open, though Stripe refunded; asked again, it replays"
        )
        func answerLost() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Flaky", amount: 5_200)
                stripe.answerNext(.heldAnswer)

                // when Stripe refunds but its answer is held back past the client's timeout
                let lost = try await H.withGateway(stripe.baseURL!, readTimeout: .milliseconds(500)) {
                    await Self.send(.refund, $0)
                }

                // then the call is open, and the refund made
                Self.expectUnsettled(lost)
                let made = try #require(stripe.refunds.first)
                #expect(stripe.refunds.count == 1)
                stripe.releaseHeldAnswers()

                // when the call is asked again under its key
                let again = try await H.withGateway(stripe.baseURL!) { await Self.send(.refund, $0) }

                // then Stripe answers with the refund it made, and makes no other
                #expect(
                    again == GatewayOutcome(succeeded: true, reference: made.id, failureCode: nil, failureMessage: nil))
                #expect(stripe.refunds.count == 1)
                #expect(stripe.requests.map(\.replayed) == [false, true])
            }
        }

        @Test(
            "an idempotency error is a bug: logged as an error; the call stays open, as Stripe may have acted on it"
        )
        func idempotencyErrorIsLoggedLoudly() async throws {
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Flaky", amount: 5_200)
                let logs = LogCapture()
                try await H.withGateway(stripe.baseURL!, logger: logs.logger) { gateway in
                    // given a refund made under the key
                    #expect(await gateway.refund(H.call(key: Self.key, amount: 1_500, intent: "pi_3Flaky")).succeeded)

                    // when the same key goes out with another amount (Stripe's 400 idempotency_error), and when Stripe
                    // reports the key in use (409)
                    let mismatch = await gateway.refund(H.call(key: Self.key, amount: 1_000, intent: "pi_3Flaky"))
                    stripe.answerNext(.idempotencyConflict)
                    let conflict = await gateway.refund(H.call(key: Self.key, amount: 1_500, intent: "pi_3Flaky"))

                    // then neither is failed outright, nothing is refunded twice, and each is logged as an error
                    Self.expectUnsettled(mismatch)
                    Self.expectUnsettled(conflict)
                    #expect(stripe.requests.map(\.status) == [200, 400, 409])
                    #expect(stripe.refunds.map(\.amount) == [1_500])
                    let errors = logs.entries.filter { $0.level == .error }
                    #expect(errors.count == 2)
                    #expect(errors.allSatisfy { $0.message.contains("idempotency") && $0.metadata["key"] == Self.key })
                    #expect(errors.map { $0.metadata["status"] } == ["400", "409"])
                }
            }
        }

        @Test(
            "the secret key is in no log line, metadata or answer, whatever Stripe does, even when Stripe echoes it"
        )
        func secretNeverShown() async throws {
            let secret = FakeStripe.testSecretKey
            let logs = LogCapture()
            var messages: [String] = []
            try await H.withFakeStripe { stripe in
                stripe.addPaymentIntent("pi_3Flaky", amount: 5_200, status: .requiresPaymentMethod)
                stripe.answerNext(
                    .answer(
                        status: 400,
                        json: """
                            {"error": {"type": "invalid_request_error",
                               "message": "Invalid API Key provided: \(secret)"}}
                            """))
                stripe.answerNext(.cardDeclined(declineCode: "generic_decline", message: "Your card was declined."))
                for trouble in [FakeStripe.Trouble.serverError, .rateLimited, .notJSON, .idempotencyConflict] {
                    stripe.answerNext(trouble)
                }
                try await H.withGateway(stripe.baseURL!, logger: logs.logger) { gateway in
                    for index in 0..<6 {
                        let answer = await gateway.charge(
                            H.call(
                                key: "charge-\(index)", amount: 5_200, intent: "pi_3Flaky",
                                methodReference: "pm_card_visa"))
                        messages.append(answer.failureMessage ?? "")
                    }
                }
                try await H.withGateway(
                    stripe.baseURL!, key: "sk_test_NotTheOneStripeKnows0000000000000002", logger: logs.logger
                ) { gateway in
                    messages.append(await Self.send(.refund, gateway).failureMessage ?? "")
                }
                let base = try #require(stripe.baseURL)
                await stripe.stop()
                try await H.withGateway(base, connectTimeout: .milliseconds(300), logger: logs.logger) { gateway in
                    messages.append(await Self.send(.refund, gateway).failureMessage ?? "")
                }
            }
            #expect(messages.count == 8)
            #expect(messages.first == "Invalid API Key provided: [redacted]")
            #expect(logs.entries.count >= 8)
            #expect(logs.entries.contains { $0.level == .error })
            #expect(!logs.text.contains(secret))
            #expect(!logs.text.contains("sk_test_NotTheOneStripeKnows"))
            #expect(messages.allSatisfy { !$0.contains(secret) && !$0.contains("sk_test_") })

            let key = try #require(StripeSecretKey(secret))
            let configuration = StripeConfiguration(secretKey: key)
            var dumped = ""
            dump(configuration, to: &dumped)
            for shown in ["\(key)", String(reflecting: key), String(describing: configuration), dumped] {
                #expect(!shown.contains(secret))
            }
        }
    
        @Test("Stripe's timeouts, with the write that records the answer, end well within a payment call's lease")
        func timeoutsFitTheLease() throws {
            // A call pending for longer than its lease is sent again by any instance: no request may still be waiting.
            let configuration = StripeConfiguration(secretKey: try #require(StripeSecretKey("sk_test_lease")))
            // 10 s: the store's busy timeout, which the write recording the answer may wait for the lock.
            let longestRequest = configuration.connectTimeout + configuration.readTimeout + .seconds(10)
            #expect(longestRequest * 2 <= .seconds(PaymentCalls.lease))
        }
    }
}
