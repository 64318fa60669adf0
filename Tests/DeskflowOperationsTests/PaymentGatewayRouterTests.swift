import DeskflowDomain
import Foundation
import Synchronization
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// Each call goes to the gateway of its payment's provider, and no other.
    @Suite("Sending each call to its payment's provider")
    struct PaymentGatewayRouting {
        /// A gateway that answers every call with success and remembers what it was asked.
        final class RecordingGateway: PaymentGateway {
            let name: String
            let calls = Mutex<[String]>([])

            init(_ name: String) { self.name = name }

            var availableMethods: [PaymentMethodChoice] {
                [PaymentMethodChoice("\(name)-card", PaymentMethod(brand: name, last4: "0000"))]
            }

            func answer(_ kind: String, _ call: GatewayCall) -> GatewayOutcome {
                calls.withLock { $0.append("\(kind) \(call.idempotencyKey)") }
                return GatewayOutcome(
                    succeeded: true, reference: "\(name)_\(kind)", failureCode: nil, failureMessage: nil)
            }

            func capture(_ call: GatewayCall) async throws -> GatewayOutcome { answer("capture", call) }
            func charge(_ call: GatewayCall) async throws -> GatewayOutcome { answer("charge", call) }
            func refund(_ call: GatewayCall) async throws -> GatewayOutcome { answer("refund", call) }
            func void(_ call: GatewayCall) async throws -> GatewayOutcome { answer("void", call) }
        }

        static func call(_ provider: PaymentProvider) -> GatewayCall {
            GatewayCall(
                idempotencyKey: "key-\(provider.rawValue)", orderNumber: 1001,
                amount: Money(minorUnits: 1500, currency: .usd),
                source: PaymentSource(provider: provider, reference: provider == .stripe ? "pi_3Route" : nil))
        }

        static func send(
            _ kind: PaymentCall.Kind, _ call: GatewayCall, through router: PaymentGatewayRouter
        ) async throws -> GatewayOutcome {
            switch kind {
            case .capture: try await router.capture(call)
            case .charge: try await router.charge(call)
            case .refund: try await router.refund(call)
            case .void: try await router.void(call)
            }
        }

        @Test(
            "a Stripe payment's call goes to Stripe, a simulated one's to the simulator",
            arguments: PaymentCall.Kind.allCases)
        func routes(kind: PaymentCall.Kind) async throws {
            let (simulated, stripe) = (RecordingGateway("sim"), RecordingGateway("stripe"))
            let router = PaymentGatewayRouter(simulated: simulated, stripe: stripe, logger: OperationsFixtures.logger)

            let toStripe = try await Self.send(kind, Self.call(.stripe), through: router)
            let toSimulator = try await Self.send(kind, Self.call(.simulated), through: router)

            #expect(toStripe.reference == "stripe_\(kind.rawValue)")
            #expect(toSimulator.reference == "sim_\(kind.rawValue)")
            #expect(stripe.calls.withLock { $0 } == ["\(kind.rawValue) key-stripe"])
            #expect(simulated.calls.withLock { $0 } == ["\(kind.rawValue) key-simulated"])
        }

        @Test(
            "a payment taken by hand goes nowhere: a final failure says where to move the money and how to record it",
            arguments: [
                (
                    PaymentCall.Kind.refund,
                    "refund it. Pay the customer back the way they paid, "
                        + "then record it with “Record refund made another way”."
                ),
                (.charge, "charge it. Take the payment the way it was agreed, then record it with “Mark as paid”."),
                (.capture, "capture it. Collect the money the way it was agreed."),
                (.void, "release it. Any hold on the customer's money is released where it was made."),
            ] as [(PaymentCall.Kind, String)])
        func manual(kind: PaymentCall.Kind, ending: String) async throws {
            let (simulated, stripe) = (RecordingGateway("sim"), RecordingGateway("stripe"))
            let router = PaymentGatewayRouter(simulated: simulated, stripe: stripe, logger: OperationsFixtures.logger)

            let answer = try await Self.send(kind, Self.call(.manual), through: router)

            #expect(
                answer
                    == GatewayOutcome(
                        succeeded: false, reference: nil, failureCode: "manual_payment",
                        failureMessage:
                            "This payment was taken outside any payment gateway, so Deskflow cannot \(ending)"))
            #expect(simulated.calls.withLock { $0 }.isEmpty)
            #expect(stripe.calls.withLock { $0 }.isEmpty)
        }

        @Test(
            "without Stripe a Stripe payment's call waits: nothing is sent, and the answer says Stripe may have acted",
            arguments: PaymentCall.Kind.allCases)
        func stripeNotSetUp(kind: PaymentCall.Kind) async throws {
            let simulated = RecordingGateway("sim")
            let router = PaymentGatewayRouter(simulated: simulated, stripe: nil, logger: OperationsFixtures.logger)

            let answer = try await Self.send(kind, Self.call(.stripe), through: router)

            #expect(answer.isTransient)
            #expect(!answer.succeeded)
            #expect(answer.failureCode == OrderIssue.noAnswerCode)
            #expect(answer.failureMessage?.hasPrefix("Stripe is not set up on this server") == true)
            #expect(simulated.calls.withLock { $0 }.isEmpty)
        }

        @Test("the methods a manager picks from are the simulator's")
        func methods() {
            let router = PaymentGatewayRouter(
                simulated: RecordingGateway("sim"), stripe: RecordingGateway("stripe"),
                logger: OperationsFixtures.logger)
            #expect(router.availableMethods.map(\.value) == ["sim-card"])
        }
    }
}
