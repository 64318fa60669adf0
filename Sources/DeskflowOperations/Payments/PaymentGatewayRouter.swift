import DeskflowDomain
import Logging

/// Sends each call to the gateway of the provider its payment belongs to (`PaymentSource.provider`): Stripe's, the
/// embedded simulation's, or none for a payment taken by hand. So one server moves the demo's simulated payments and a
/// shop's Stripe payments side by side.
public struct PaymentGatewayRouter: PaymentGateway {
    public let simulated: any PaymentGateway
    /// `nil` when this server has no Stripe key (`deskflow serve --payments simulated`).
    public let stripe: (any PaymentGateway)?
    let logger: Logger

    public init(simulated: any PaymentGateway, stripe: (any PaymentGateway)?, logger: Logger) {
        self.simulated = simulated
        self.stripe = stripe
        self.logger = logger
    }

    /// The simulator's cards. A Stripe payment's new method is typed as the id of its PaymentMethod, not chosen from a
    /// list (see `StripePaymentMethodForm`).
    public var availableMethods: [PaymentMethodChoice] { simulated.availableMethods }

    public func capture(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await route(call, .capture) { try await $0.capture(call) }
    }

    public func charge(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await route(call, .charge) { try await $0.charge(call) }
    }

    public func refund(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await route(call, .refund) { try await $0.refund(call) }
    }

    public func void(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await route(call, .void) { try await $0.void(call) }
    }

    private func route(
        _ call: GatewayCall, _ kind: PaymentCall.Kind, send: (any PaymentGateway) async throws -> GatewayOutcome
    ) async throws -> GatewayOutcome {
        switch call.source.provider {
        case .simulated:
            return try await send(simulated)
        case .stripe:
            if let stripe { return try await send(stripe) }
            // Not a failure: an earlier attempt under this key may have reached Stripe before the server was restarted
            // without it, and a failed refund could then be paid back by hand a second time. The call waits, pending,
            // and goes out under the same key once Stripe is set up.
            logger.warning(
                "a Stripe payment's call waits: this server has no Stripe key",
                metadata: ["order": "\(call.orderNumber)", "kind": "\(kind.rawValue)", "key": "\(call.idempotencyKey)"])
            return GatewayOutcome(
                succeeded: false, reference: nil, failureCode: OrderIssue.noAnswerCode,
                failureMessage:
                    "Stripe is not set up on this server (deskflow serve --payments stripe, with STRIPE_SECRET_KEY), "
                    + "so nothing was sent to it.",
                isTransient: true)
        case .manual:
            return GatewayOutcome(
                succeeded: false, reference: nil, failureCode: Self.manualPaymentCode,
                failureMessage: Self.manualMessage(kind))
        }
    }

    /// The code of the answer to a call about a payment no gateway moves.
    public static let manualPaymentCode = "manual_payment"

    /// What the manager reads when asked to move money a gateway never held: where to move it, and how to record it.
    static func manualMessage(_ kind: PaymentCall.Kind) -> String {
        let taken = "This payment was taken outside any payment gateway, so Deskflow cannot"
        return switch kind {
        case .refund:
            "\(taken) refund it. Pay the customer back the way they paid, "
                + "then record it with “Record refund made another way”."
        case .charge:
            "\(taken) charge it. Take the payment the way it was agreed, then record it with “Mark as paid”."
        case .capture:
            "\(taken) capture it. Collect the money the way it was agreed."
        case .void:
            "\(taken) release it. Any hold on the customer's money is released where it was made."
        }
    }
}
