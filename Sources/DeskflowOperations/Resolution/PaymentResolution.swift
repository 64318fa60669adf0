import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Resolving a failed payment: retry the charge, ask for or record a new payment method, or record a payment
/// received outside the gateway; and settling a failed refund paid back another way.
public struct PaymentResolution: Sendable {
    let actions: OrderActions
    let payments: PaymentCalls

    public init(database: any DeskflowDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
    }

    /// Charges the payment method on file again (see `Decide.retryPayment` for which key it goes under).
    public func retryPayment(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let result = try await actions.apply(.retryPayment, number: number, version: version, key: key, staff: staff, fields: []) { snapshot in
            try Decide.retryPayment(on: snapshot, newChargeKey: "charge-\(key)")
        }
        guard case .applied(let before, let change) = result, let call = change.outgoingCall else {
            if case .replayed(let flash) = result { return flash ?? "The payment was retried." }
            return "The payment was retried."
        }
        let total = before.order.totals.total
        return await payments.finish(call, key: key) { outcome in
            switch outcome {
            case .succeeded:
                "Payment of \(total.formatted) received from \(call.card?.label ?? "the card on file"). Order #\(number) is now processing."
            case .failed(let message):
                "The payment failed again: \(message) Ask the customer for a new payment method, or record one."
            case .pending:
                "The payment failed again: The payment provider did not answer in time. The charge stays pending; retry the payment to send the same charge again."
            }
        }
    }

    /// Emails the customer asking for another payment method, and records that it was asked.
    public func requestPaymentMethod(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let result = try await actions.apply(.requestPaymentMethod, number: number, version: version, key: key, staff: staff, fields: []) { snapshot in
            try Decide.requestPaymentMethod(on: snapshot)
        }
        return result.flash ?? "Asked the customer for a new payment method."
    }

    /// Records a new payment method the customer gave: for a Stripe payment the id of a PaymentMethod (`pm_…`), for a
    /// simulated one a choice from the simulator's list (see `Decide.recordPaymentMethod`).
    public func updatePaymentMethod(number: Int, version: Int, key: String, staff: StaffUser, choice: String) async throws -> String {
        let listed = payments.gateway.availableMethod(forChoice: choice)
        let result = try await actions.apply(.recordPaymentMethod, number: number, version: version, key: key, staff: staff, fields: [choice]) { snapshot in
            try Decide.recordPaymentMethod(choice, listed: listed, on: snapshot)
        }
        return result.flash ?? "Payment method changed. Retry the payment to charge it."
    }

    /// Records a payment received outside the gateway, with its reference; the order moves on to processing.
    public func markPaid(number: Int, version: Int, key: String, staff: StaffUser, reference rawReference: String) async throws -> String {
        let reference = try MarkPaidForm.validate(reference: rawReference).orInvalid()
        let result = try await actions.apply(.markPaid, number: number, version: version, key: key, staff: staff, fields: [reference]) { snapshot in
            try Decide.markPaid(reference: reference, on: snapshot, paymentKey: "external-\(key)")
        }
        return result.flash ?? "Order #\(number) marked as paid."
    }

    /// Records that a refund the gateway refused was paid back another way (bank transfer, store credit).
    public func markRefunded(
        number: Int, refundID: Int64, version: Int, key: String, staff: StaffUser, reference rawReference: String
    ) async throws -> String {
        let reference = try RefundedElsewhereForm.validate(reference: rawReference).orInvalid()
        let result = try await actions.apply(
            .markRefunded, number: number, version: version, key: key, staff: staff, fields: [String(refundID), reference]
        ) { snapshot in
            try Decide.refundedElsewhere(id: refundID, reference: reference, on: snapshot)
        }
        return result.flash ?? "Refund recorded as made outside the payment gateway (reference \(reference))."
    }
}

extension OrderActionResult {
    /// What the manager is told: the change's own flash, or what the first request under the key was told.
    var flash: String? {
        switch self {
        case .applied(_, let change): change.flash
        case .replayed(let flash): flash
        }
    }
}
