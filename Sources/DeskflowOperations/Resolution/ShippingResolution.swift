import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Resolving processing errors and failed fulfillment: fix the address, retry processing, retry fulfillment, and
/// fulfill a ready order.
public struct ShippingResolution: Sendable {
    let actions: OrderActions
    let warehouse: any Warehouse
    let gateway: any PaymentGateway
    let logger: Logger

    public init(database: any DeskflowDatabase, warehouse: any Warehouse, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.warehouse = warehouse
        self.gateway = gateway
        self.logger = logger
    }

    /// Replaces the shipping address after checking every field.
    public func updateAddress(number: Int, version: Int, key: String, staff: StaffUser, form: AddressForm) async throws -> String {
        let address = try form.validate().orInvalid()
        let result = try await actions.apply(
            .fixAddress, number: number, version: version, key: key, staff: staff, fields: address.lines + [address.postalCode]
        ) { snapshot in
            try Decide.fixAddress(address, on: snapshot)
        }
        return result.flash ?? "Shipping address updated."
    }

    /// Runs processing again; clears the issue or records the new error.
    public func retryProcessing(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let result = try await actions.apply(.retryProcessing, number: number, version: version, key: key, staff: staff, fields: []) { snapshot in
            try Decide.handToWarehouse(.retryProcessing, on: snapshot)
        }
        guard case .applied(let before, _) = result else { return result.flash ?? "Processing was retried." }
        let answer = try await warehouse.process(before.order)
        let flash = switch answer {
        case .accepted, .shipped: "Processing succeeded: order #\(number) is ready to fulfill."
        case .failed(_, let message): "Processing failed again: \(message)"
        }
        let now = actions.clock.now
        try await actions.database.recordOutcome(
            OutcomeRequest(orderNumber: number, actor: Timeline.warehouseActor, now: now, flash: (key, flash))
        ) { snapshot in
            Decide.processingAnswer(answer, on: snapshot, now: now)
        }
        return flash
    }

    /// Retries a failed fulfillment.
    public func retryFulfillment(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        try await ship(.retryFulfillment, number: number, version: version, key: key, staff: staff, trackingNumber: nil)
    }

    /// Fulfills a ready order, with the manager's tracking number or the warehouse's.
    public func fulfill(number: Int, version: Int, key: String, staff: StaffUser, trackingNumber raw: String) async throws -> String {
        let tracking = try FulfillForm.validate(trackingNumber: raw).orInvalid()
        return try await ship(.fulfill, number: number, version: version, key: key, staff: staff, trackingNumber: tracking)
    }

    /// Hands the order to the warehouse; when it ships, captures an authorized payment and takes the stock.
    private func ship(_ action: OrderAction, number: Int, version: Int, key: String, staff: StaffUser, trackingNumber: String?) async throws -> String {
        let result = try await actions.apply(action, number: number, version: version, key: key, staff: staff, fields: [trackingNumber ?? ""]) { snapshot in
            try Decide.handToWarehouse(action, on: snapshot)
        }
        guard case .applied(let before, _) = result else { return result.flash ?? "Fulfillment was retried." }
        var answer = try await warehouse.fulfill(before.order)
        var capture: SettledCall?
        // The capture is recorded as pending before it goes out (DESIGN.md §7), and nobody can cancel the order while
        // it is on its way. An order cancelled while the warehouse packed it is not captured at all.
        if case .shipped = answer, before.order.paymentStatus == PaymentStatus.authorized,
            let call = try await actions.database.recordOutcome(
                OutcomeRequest(orderNumber: number, actor: Timeline.warehouseActor, now: actions.clock.now),
                decide: { snapshot in Decide.captureBeforeShipping(on: snapshot, captureKey: "capture-\(key)") }
            )?.outgoingCall
        {
            let captured = try await gateway.capture(GatewayCall(call))
            if captured.isTransient {
                // The provider may have captured: the capture stays pending, and the goods stay until it answers.
                answer = .failed(
                    code: OrderIssue.noAnswerCode,
                    message: "The payment provider did not answer the capture, so nothing was shipped. Retry fulfillment to send the same capture again.")
            } else {
                capture = SettledCall(idempotencyKey: call.idempotencyKey, outcome: captured)
                if !captured.succeeded {
                    answer = .failed(code: "capture_failed", message: "The payment could not be captured: \(captured.failureMessage ?? "declined").")
                }
            }
        }
        let flash = switch answer {
        case .shipped(let warehouseTracking): "Order #\(number) fulfilled: shipped with tracking \(trackingNumber ?? warehouseTracking)."
        case .failed(_, let message): "Fulfillment failed: \(message)"
        case .accepted: "Order #\(number) was handed to the warehouse."
        }
        let (finalAnswer, finalCapture, now) = (answer, capture, actions.clock.now)
        try await actions.database.recordOutcome(
            OutcomeRequest(orderNumber: number, actor: Timeline.warehouseActor, now: now, flash: (key, flash))
        ) { snapshot in
            Decide.fulfillmentAnswer(finalAnswer, capture: finalCapture, trackingNumber: trackingNumber, on: snapshot, now: now)
        }
        return flash
    }
}
