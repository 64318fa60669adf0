import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Resolving a failed payment: retry the charge, ask for or record a new payment method, or record a payment
/// received outside the gateway.
public struct PaymentResolution: Sendable {
    let actions: OrderActions
    let payments: PaymentCalls

    public init(database: AppDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
    }

    /// Charges the payment method on file again. A charge still waiting for the gateway's answer is sent again
    /// under its own key, so it can never be taken twice; otherwise this attempt gets a fresh key.
    public func retryPayment(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let waiting = try await actions.database.pendingCharge(orderNumber: number)
        let chargeKey = waiting?.idempotencyKey ?? "charge-\(key)"
        let outcome = try await actions.run(.retryPayment, number: number, version: version, key: key, staff: staff, fields: []) { order in
            var change = OrderChange()
            if waiting == nil {
                change.newPayments = [PaymentEntry(kind: "charge", amount: order.totals.total, status: "pending", idempotencyKey: chargeKey)]
            }
            change.events = [EventEntry(
                .paymentRetried, "Charge of \(order.totals.total.formatted) retried on \(order.payment.method?.label ?? "the card on file").",
                amount: order.totals.total)]
            return change
        }
        guard case .applied(let order) = outcome else {
            if case .replayed(let flash) = outcome { return flash ?? "The payment was retried." }
            return "The payment was retried."
        }
        guard let call = try await actions.database.pendingCharge(orderNumber: number), call.idempotencyKey == chargeKey else {
            return try await actions.remember("The payment was retried.", key: key)
        }
        let total = order.totals.total
        let flash = switch await payments.send(call, actor: staff.name) {
        case .succeeded:
            "Payment of \(total.formatted) received from \(call.cardLabel ?? "the card on file"). Order #\(number) is now processing."
        case .failed(let message):
            "The payment failed again: \(message) Ask the customer for a new payment method, or record one."
        case .pending:
            "The payment failed again: The payment provider did not answer in time. The charge stays pending; retry the payment to send the same charge again."
        }
        return try await actions.remember(flash, key: key)
    }

    /// Emails the customer asking for another payment method, and records that it was asked.
    public func requestPaymentMethod(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let outcome = try await actions.run(
            .requestPaymentMethod, number: number, version: version, key: key, staff: staff, fields: [],
            flash: "Asked the customer for a new payment method."
        ) { order in
            let message = CustomerMessageForm.paymentMethodRequest(for: order)
            var change = OrderChange()
            change.message = (message.subject, message.body)
            change.messageKind = "payment_method_request"
            change.events = [EventEntry(.paymentMethodRequested, "Asked \(order.customer.email) for a new payment method.")]
            return change
        }
        switch outcome {
        case .applied(let order): return try await actions.remember("Asked \(order.customer.email) for a new payment method.", key: key)
        case .replayed(let flash): return flash ?? "Asked the customer for a new payment method."
        }
    }

    /// Records a new payment method the customer gave, chosen from the gateway's list.
    public func updatePaymentMethod(number: Int, version: Int, key: String, staff: StaffUser, choice: String) async throws -> String {
        guard let method = payments.gateway.availableMethod(forChoice: choice) else {
            throw OrderActionError.invalid(FormErrors([FieldError(field: "payment_method", message: "Choose one of the listed payment methods.")]))
        }
        let flash = "Payment method changed to \(method.label). Retry the payment to charge it."
        let outcome = try await actions.run(
            .recordPaymentMethod, number: number, version: version, key: key, staff: staff, fields: [choice], flash: flash
        ) { order in
            var change = OrderChange()
            change.paymentMethod = method
            change.events = [EventEntry(
                .paymentMethodUpdated, "Payment method changed from \(order.payment.method?.label ?? "none") to \(method.label).")]
            return change
        }
        if case .replayed(let stored) = outcome { return stored ?? flash }
        return flash
    }

    /// Records a payment received outside the gateway, with its reference; the order moves on to processing.
    public func markPaid(number: Int, version: Int, key: String, staff: StaffUser, reference rawReference: String) async throws -> String {
        let reference: String
        switch MarkPaidForm.validate(reference: rawReference) {
        case .success(let valid): reference = valid
        case .failure(let errors): throw OrderActionError.invalid(errors)
        }
        let outcome = try await actions.run(
            .markPaid, number: number, version: version, key: key, staff: staff, fields: [reference]
        ) { order in
            let total = order.totals.total
            var change = OrderChange()
            change.newPayments = [PaymentEntry(
                kind: "external", amount: total, status: "succeeded", idempotencyKey: "external-\(key)", reference: reference)]
            change.status = .processing
            change.paymentStatus = .paid
            change.authorizedMinor = total.minorUnits
            change.capturedMinor = total.minorUnits
            change.issue = order.issue?.kind == .paymentFailed ? .clear : .keep
            change.events = [EventEntry(
                .paymentReceived, "Payment of \(total.formatted) received outside the gateway (reference \(reference)).", amount: total)]
            return change
        }
        switch outcome {
        case .applied(let order):
            return try await actions.remember(
                "Order #\(number) marked as paid: \(order.totals.total.formatted), reference \(reference). It is now processing.", key: key)
        case .replayed(let flash):
            return flash ?? "Order #\(number) marked as paid."
        }
    }

    /// Records that a refund the gateway refused was paid back another way (bank transfer, store credit).
    public func markRefunded(
        number: Int, refundID: Int64, version: Int, key: String, staff: StaffUser, reference rawReference: String
    ) async throws -> String {
        let reference: String
        switch MarkPaidForm.validate(reference: rawReference) {
        case .success(let valid): reference = valid
        case .failure(let errors): throw OrderActionError.invalid(errors)
        }
        let flash = "Refund recorded as made outside the payment gateway (reference \(reference))."
        let outcome = try await actions.run(
            .markRefunded, number: number, version: version, key: key, staff: staff, fields: [String(refundID), reference],
            flash: flash
        ) { _ in
            var change = OrderChange()
            change.refundSettledElsewhere = (refundID, reference)
            change.events = [EventEntry(.refundSucceeded, "Failed refund paid back outside the gateway (reference \(reference)).")]
            return change
        }
        if case .replayed(let stored) = outcome { return stored ?? flash }
        return flash
    }
}
