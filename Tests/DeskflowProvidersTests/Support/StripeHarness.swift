import DeskflowDomain
import DeskflowFakes
import DeskflowOperations
import DeskflowProviders
import Foundation
import Logging

/// A fake Stripe on a local port for the length of a test, and Stripe gateways pointed at it.
enum StripeHarness {
    /// Logs nothing: the tests that read the log capture their own.
    static let quiet: Logger = {
        var logger = Logger(label: "deskflow-providers-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` with a started fake Stripe, stopped afterwards whether `body` throws or not.
    static func withFakeStripe<Value>(_ body: (FakeStripe) async throws -> Value) async throws -> Value {
        let stripe = FakeStripe()
        try await stripe.start()
        do {
            let value = try await body(stripe)
            await stripe.stop()
            return value
        } catch {
            await stripe.stop()
            throw error
        }
    }

    /// Runs `body` with a gateway to the fake at `base`. The default timeouts are far longer than the fake takes on a
    /// busy machine. Only the tests of a lost answer or a refused connection shorten them, and there the answer is held
    /// back for good or the port is closed, so the outcome is the same however long the client waits. (A refused
    /// connection is tried again until the connect timeout runs out.)
    static func withGateway<Value>(
        _ base: URL, key: String = FakeStripe.testSecretKey, connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(60), logger: Logger = quiet, _ body: (StripeGateway) async throws -> Value
    ) async throws -> Value {
        let configuration = StripeConfiguration(
            apiBase: base, secretKey: StripeSecretKey(key)!, connectTimeout: connectTimeout, readTimeout: readTimeout)
        return try await StripeGateway.withGateway(configuration, logger: logger, body)
    }

    /// A call about the Stripe payment `intent`.
    static func call(
        key: String, amount: Int64, intent: String? = "pi_3Deskflow", methodReference: String? = nil,
        orderNumber: Int = 1001
    ) -> GatewayCall {
        GatewayCall(
            idempotencyKey: key, orderNumber: orderNumber, amount: Money(minorUnits: amount, currency: .usd),
            source: PaymentSource(
                provider: .stripe, reference: intent, method: PaymentMethod(brand: "Visa", last4: "4242"),
                methodReference: methodReference))
    }
}
