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

    public init(database: AppDatabase, warehouse: any Warehouse, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.warehouse = warehouse
        self.gateway = gateway
        self.logger = logger
    }

    /// Replaces the shipping address after checking every field.
    public func updateAddress(number: Int, version: Int, key: String, staff: StaffUser, form: AddressForm) async throws -> String {
        let address: Address
        switch form.validate() {
        case .success(let valid): address = valid
        case .failure(let errors): throw OrderActionError.invalid(errors)
        }
        let outcome = try await actions.run(
            .fixAddress, number: number, version: version, key: key, staff: staff, fields: address.lines + [address.postalCode]
        ) { _ in
            var change = OrderChange()
            change.shippingAddress = address
            change.events = [EventEntry(.addressUpdated, "Shipping address changed to \(address.lines.joined(separator: ", ")).")]
            return change
        }
        switch outcome {
        case .applied(let order):
            let next = switch order.issue?.kind {
            case .processingError: " Retry processing to check it."
            case .fulfillmentFailed: " Retry fulfillment to ship it."
            default: ""
            }
            return try await actions.remember("Shipping address updated.\(next)", key: key)
        case .replayed(let flash):
            return flash ?? "Shipping address updated."
        }
    }

    /// Runs processing again; clears the issue or records the new error.
    public func retryProcessing(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        let outcome = try await actions.run(.retryProcessing, number: number, version: version, key: key, staff: staff, fields: []) { _ in
            OrderChange()
        }
        guard case .applied(let order) = outcome else {
            if case .replayed(let flash) = outcome { return flash ?? "Processing was retried." }
            return "Processing was retried."
        }
        let result = try await warehouse.process(order)
        try await actions.database.applyOutcome(orderNumber: number, actor: "Warehouse", now: actions.clock.now) { current in
            var change = OrderChange()
            if current.status == .cancelled {
                change.events = [EventEntry(.processingFailed, "The warehouse answered after the order was cancelled; its answer was ignored.")]
                return change
            }
            switch result {
            case .accepted, .shipped:
                change.issue = .clear
                change.events = [EventEntry(.processingSucceeded, "Processing succeeded; the order is ready to fulfill.")]
            case .failed(let code, let message):
                change.issue = .set(kind: .processingError, code: code, message: message)
                change.events = [EventEntry(.processingFailed, message)]
            }
            return change
        }
        let flash = switch result {
        case .accepted, .shipped: "Processing succeeded: order #\(number) is ready to fulfill."
        case .failed(_, let message): "Processing failed again: \(message)"
        }
        return try await actions.remember(flash, key: key)
    }

    /// Retries a failed fulfillment.
    public func retryFulfillment(number: Int, version: Int, key: String, staff: StaffUser) async throws -> String {
        try await ship(.retryFulfillment, number: number, version: version, key: key, staff: staff, trackingNumber: nil)
    }

    /// Fulfills a ready order, with the manager's tracking number or the warehouse's.
    public func fulfill(number: Int, version: Int, key: String, staff: StaffUser, trackingNumber raw: String) async throws -> String {
        var errors: [FieldError] = []
        let tracking = TextField("tracking_number", label: "Tracking number", required: false, maximumLength: 40).check(raw, into: &errors)
        if let tracking, !tracking.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            errors.append(FieldError(field: "tracking_number", message: "Use only letters, digits and dashes in the tracking number."))
        }
        guard errors.isEmpty else { throw OrderActionError.invalid(FormErrors(errors)) }
        return try await ship(.fulfill, number: number, version: version, key: key, staff: staff, trackingNumber: tracking.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Hands the order to the warehouse; when it ships, captures an authorized payment and takes the stock.
    private func ship(_ action: OrderAction, number: Int, version: Int, key: String, staff: StaffUser, trackingNumber: String?) async throws -> String {
        let outcome = try await actions.run(action, number: number, version: version, key: key, staff: staff, fields: [trackingNumber ?? ""]) { _ in
            OrderChange()
        }
        guard case .applied(let order) = outcome else {
            if case .replayed(let flash) = outcome { return flash ?? "Fulfillment was retried." }
            return "Fulfillment was retried."
        }
        var result = try await warehouse.fulfill(order)
        var capture: (key: String, outcome: GatewayOutcome)?
        // The capture is recorded as pending before it goes out (DESIGN.md §7): a process that stops after the provider
        // captured finishes recording it at start-up, and nobody can cancel the order while it is on its way. An order
        // cancelled while the warehouse packed it is not captured at all. A capture still waiting from an earlier
        // attempt goes out again under its own key, so the provider never captures twice.
        if case .shipped = result, order.paymentStatus == .authorized,
            let pending = try await actions.database.recordPendingCapture(orderNumber: number, key: "capture-\(key)", now: actions.clock.now)
        {
            let call = GatewayCall(
                idempotencyKey: pending.idempotencyKey, orderNumber: number, amount: pending.amount, cardLast4: pending.cardLast4)
            let captured = try await gateway.capture(call)
            if captured.isTransient {
                // The provider may have captured: the capture stays pending, and the goods stay until it answers.
                result = .failed(
                    code: OrderIssue.noAnswerCode,
                    message: "The payment provider did not answer the capture, so nothing was shipped. Retry fulfillment to send the same capture again.")
            } else {
                capture = (pending.idempotencyKey, captured)
                if !captured.succeeded {
                    result = .failed(code: "capture_failed", message: "The payment could not be captured: \(captured.failureMessage ?? "declined").")
                }
            }
        }
        let finalResult = result
        let finalCapture = capture?.outcome
        let captureKey = capture?.key
        try await actions.database.applyOutcome(orderNumber: number, actor: "Warehouse", now: actions.clock.now) { current in
            var change = OrderChange()
            if let finalCapture, let captureKey {
                change.completedPayment = PaymentEntry(
                    kind: "capture", amount: current.totals.total, status: finalCapture.succeeded ? "succeeded" : "failed",
                    idempotencyKey: captureKey, reference: finalCapture.reference, failureCode: finalCapture.failureCode,
                    failureMessage: finalCapture.failureMessage)
            }
            // Cancelled while the warehouse was packing: nothing ships, and the stock the cancellation released stays put.
            if current.status == .cancelled {
                change.events = [EventEntry(.fulfillmentFailed, "The warehouse answered after the order was cancelled; nothing was shipped.")]
                return change
            }
            switch finalResult {
            case .shipped(let warehouseTracking):
                let tracking = trackingNumber ?? warehouseTracking
                change.status = .fulfilled
                change.fulfillmentStatus = .fulfilled
                change.trackingNumber = tracking
                change.shipStock = true
                change.issue = current.issue?.kind == .fulfillmentFailed ? .clear : .keep
                if let finalCapture, finalCapture.succeeded {
                    let total = current.totals.total
                    change.paymentStatus = .paid
                    change.capturedMinor = total.minorUnits
                    change.events.append(EventEntry(.paymentCaptured, "\(total.formatted) captured.", amount: total))
                }
                change.events.append(EventEntry(.orderFulfilled, "Shipped, tracking \(tracking)."))
            case .failed(let code, let message):
                change.fulfillmentStatus = .failed
                change.issue = .set(kind: .fulfillmentFailed, code: code, message: message)
                change.events = [EventEntry(.fulfillmentFailed, message)]
            case .accepted:
                break
            }
            return change
        }
        let flash = switch finalResult {
        case .shipped(let warehouseTracking): "Order #\(number) fulfilled: shipped with tracking \(trackingNumber ?? warehouseTracking)."
        case .failed(_, let message): "Fulfillment failed: \(message)"
        case .accepted: "Order #\(number) was handed to the warehouse."
        }
        return try await actions.remember(flash, key: key)
    }
}
