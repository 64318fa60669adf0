import DeskflowDomain
import Foundation

/// Tells a planned order's story as the rows a real one would have left behind: lines, payments, refunds, stock
/// reservations and a timeline that tells how it got to its state. It writes nothing: each engine inserts the rows.
package struct OrderSeeder: Sendable {
    let products: [DemoStoreDefinition.Product]
    let customers: [SeedCustomer]
    let definition: DemoStoreDefinition
    let currency: Currency
    /// The moment of seeding: a young order's later steps are not invented in the future.
    let now: Date
    /// Whether to make up the payment provider's record of each call (for a ledger that keeps it).
    let recordsPaymentCalls: Bool
    /// Steps are written a few minutes before `now` at the latest, so the seconds that follow a step stay in the past.
    private var latestStep: Date { now.addingTimeInterval(-300) }
    package static let staffActor = "Store team"

    /// Units each product shipped or has reserved, so the opening stock can be made to add up.
    package private(set) var shipped: [String: Int] = [:]
    package private(set) var committed: [String: Int] = [:]

    /// `customers` must have their ids.
    package init(
        products: [DemoStoreDefinition.Product], customers: [SeedCustomer], definition: DemoStoreDefinition, now: Date,
        recordsPaymentCalls: Bool
    ) {
        self.products = products
        self.customers = customers
        self.definition = definition
        self.currency = Currency(code: definition.currency) ?? .usd
        self.now = now
        self.recordsPaymentCalls = recordsPaymentCalls
    }

    func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: currency) }

    /// The rows `plan` leaves, for an order with the id `orderID`.
    package mutating func rows(for plan: OrderPlan, id orderID: Int64) -> SeededOrderRows {
        let customer = customers[plan.customerIndex]
        let city = definition.cities[plan.cityIndex]
        let lines = plan.lines.map { line in
            let product = products[line.productIndex]
            return LineItem(sku: product.sku, name: product.name, quantity: line.quantity, unitPrice: money(product.priceMinor))
        }
        let subtotal = lines.reduce(0) { $0 + $1.lineTotal.minorUnits }
        let shipping: Int64 = subtotal >= 7500 ? 0 : 695
        let tax = (subtotal * 8 + 50) / 100
        let total = subtotal + shipping + tax
        let state = plan.state
        let failure = plan.failure
        let t0 = plan.placedAt
        func at(_ minutes: Double) -> Date { max(t0, min(t0.addingTimeInterval(minutes * 60), latestStep)) }

        let captured: Int64 = [.paid, .partiallyRefunded, .refunded].contains(state.payment) ? total : 0
        let authorized: Int64 = captured > 0 || state.payment == .authorized || state.payment == .voided ? total : 0
        var order = SeedOrder(
            id: orderID, number: plan.number, placedAt: t0, customerID: customer.id ?? 0, customerName: customer.name,
            customerEmail: customer.email, state: state, issueCode: nil, issueMessage: nil, issueSince: nil,
            issueAttempts: 0, currency: currency, subtotalMinor: subtotal, shippingMinor: shipping, taxMinor: tax,
            totalMinor: total, paymentBrand: plan.card?.brand, paymentLast4: plan.card?.last4,
            authorizedMinor: authorized, capturedMinor: captured,
            address: Address(
                name: customer.name, line1: definition.streets[plan.streetIndex], line2: "", city: city.city,
                region: city.region, postalCode: city.postalCode, country: "US"),
            trackingNumber: nil, cancelReason: nil, cancelNote: nil, cancelledAt: nil, cancelledBy: nil, updatedAt: t0)
        // The address carries the fault the failure names, so fixing the address is what makes a retry succeed.
        switch (state.issue, failure?.code) {
        case (.processingError, "missing_postal_code"): order.address.postalCode = ""
        case (.processingError, "address_unverified"):
            order.address.line1 = String(order.address.line1.drop { $0.isNumber || $0 == " " })
        case (.processingError, "tax_calculation_failed"):
            order.address.region = definition.regionNames[city.region] ?? "Unknown"
        case (.fulfillmentFailed, "carrier_rejected"):
            (order.address.city, order.address.region, order.address.postalCode) = ("Honolulu", "HI", "96813")
        case (.fulfillmentFailed, "address_undeliverable"): order.address.line1 = "PO Box \(100 + plan.number % 900)"
        default: break
        }
        var rows = SeededOrderRows(order: order)
        rows.lineItems = lines.map { line in
            SeedLineItem(
                orderID: orderID, sku: line.sku, name: line.name, quantity: line.quantity,
                unitPriceMinor: line.unitPrice.minorUnits)
        }

        let card = plan.card.map { PaymentMethod(brand: $0.brand, last4: $0.last4) }
        var events: [(entry: EventEntry, actor: String, time: Date)] = [
            (Timeline.orderPlaced(lines: lines.count, total: money(total)), "Customer", t0)
        ]
        var updatedAt = t0
        func event(_ entry: EventEntry, _ actor: String, _ time: Date) {
            events.append((entry, actor, time))
            updatedAt = max(updatedAt, time)
        }
        func payment(
            _ kind: PaymentKind, _ amount: Int64, _ status: CallState, _ time: Date,
            failure: DemoStoreDefinition.Failure? = nil
        ) {
            let record = SeedPayment(
                orderID: orderID, kind: kind, amountMinor: amount, status: status,
                idempotencyKey: "seed-\(plan.number)-\(kind.rawValue)",
                gatewayReference: status == .succeeded ? "sim_\(kind.rawValue.prefix(3))_\(plan.number)" : nil,
                failureCode: failure?.code, failureMessage: failure?.message, createdAt: time, completedAt: time)
            rows.payments.append(record)
            ledger(kind.rawValue, amount, record.idempotencyKey, record.gatewayReference, failure?.code, failure?.message, time)
        }
        // The provider's own record of the same call, so later refunds and voids are checked against it.
        func ledger(_ kind: String, _ amount: Int64, _ key: String, _ reference: String?, _ code: String?, _ message: String?, _ time: Date) {
            guard recordsPaymentCalls else { return }
            rows.paymentCalls.append(
                SeededPaymentCall(
                    idempotencyKey: key, kind: kind, orderNumber: plan.number, amountMinor: amount, cardLast4: plan.card?.last4,
                    succeeded: reference != nil, reference: reference, failureCode: code, failureMessage: message,
                    createdAt: time))
        }
        // The last refund written, which for a cancelled order is the refund its cancellation issued.
        var lastRefundMinor: Int64 = 0
        func refund(_ amount: Int64, _ status: RefundState, _ time: Date, key: String, message: String? = nil) {
            lastRefundMinor = amount
            let record = SeedRefund(
                orderID: orderID, amountMinor: amount, status: status, idempotencyKey: "seed-\(plan.number)-\(key)",
                gatewayReference: status == .succeeded ? "sim_re_\(plan.number)_\(key)" : nil, failureMessage: message,
                requestedBy: Self.staffActor, createdAt: time, completedAt: status == .pending ? nil : time)
            rows.refunds.append(record)
            ledger("refund", amount, record.idempotencyKey, record.gatewayReference, status == .failed ? "refund_declined" : nil, message, time)
            event(Timeline.refundRequested(money(amount)), Self.staffActor, time)
            if status == .succeeded {
                event(Timeline.refunded(money(amount), card: card), Timeline.gatewayActor, time.addingTimeInterval(2))
            } else if status == .failed {
                event(Timeline.refundFailed(money(amount), message: message), Timeline.gatewayActor, time.addingTimeInterval(2))
            }
        }

        // Money in.
        switch state.payment {
        case .pending:
            break
        case .failed:
            let failure = failure ?? definition.failures["payment_failed"]![0]
            payment(.charge, total, .failed, at(1), failure: failure)
            event(Timeline.chargeFailed(money(total), message: failure.message), Timeline.gatewayActor, at(1))
        default:
            payment(.authorization, total, .succeeded, at(1))
            event(Timeline.authorized(money(total), card: card), Timeline.gatewayActor, at(1))
            if captured > 0 {
                payment(.capture, total, .succeeded, at(2))
                event(Timeline.captured(money(total)), Timeline.gatewayActor, at(2))
            }
        }

        // Goods out, and what went wrong on the way.
        let quantityBySku = Dictionary(lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        func ledger(_ sku: String, onHand: Int, committed: Int, _ reason: String, _ time: Date, actor: String = Timeline.systemActor) {
            rows.stockMovements.append(
                SeedStockMovement(
                    sku: sku, orderID: orderID, onHandChange: onHand, committedChange: committed, reason: reason,
                    actor: actor, createdAt: time))
        }
        for (sku, quantity) in quantityBySku.sorted(by: { $0.key < $1.key }) {
            ledger(sku, onHand: 0, committed: quantity, Timeline.reserved(orderNumber: plan.number), t0)
        }
        if let issue = state.issue, let failure, issue != .paymentFailed, issue != .refundFailed {
            let time = at(issue == .processingError ? 5 : 60 * 20)
            order.issueCode = failure.code
            order.issueMessage = failure.message
            order.issueSince = time
            order.issueAttempts = 1
            event(
                issue == .processingError ? Timeline.processingFailed(failure.message) : Timeline.fulfillmentFailed(failure.message),
                issue == .processingError ? Timeline.systemActor : Timeline.warehouseActor, time)
        }
        if state.issue == .paymentFailed, let failure {
            order.issueCode = failure.code
            order.issueMessage = failure.message
            order.issueSince = at(1)
            order.issueAttempts = 1
        }
        if state.fulfillment == .fulfilled {
            let time = at(60 * 26)
            order.trackingNumber = "1Z\(String(format: "%06d", plan.number))US"
            for (sku, quantity) in quantityBySku.sorted(by: { $0.key < $1.key }) {
                ledger(sku, onHand: -quantity, committed: -quantity, Timeline.shippedReason(orderNumber: plan.number), time, actor: Timeline.warehouseActor)
                shipped[sku, default: 0] += quantity
            }
            event(Timeline.shipped(tracking: order.trackingNumber!), Timeline.warehouseActor, time)
        }

        // Money back, and cancellations.
        let partial = max(lines.first.map { $0.lineTotal.minorUnits } ?? total / 4, 1)
        let partialAmount = min(partial, total - 1)
        let settled = at(60 * 30)
        if state.status == .cancelled {
            let reason = plan.cancelReason ?? .customer
            order.cancelReason = reason
            order.cancelNote = reason == .other ? "Customer called the shop to cancel." : ""
            order.cancelledAt = settled
            order.cancelledBy = Self.staffActor
            event(Timeline.cancelled(reason, refundKept: false), Self.staffActor, settled)
            if state.payment == .voided {
                payment(.void, total, .succeeded, settled.addingTimeInterval(1))
                event(Timeline.voided(money(total)), Timeline.gatewayActor, settled.addingTimeInterval(1))
            }
            for (sku, quantity) in quantityBySku.sorted(by: { $0.key < $1.key }) {
                ledger(sku, onHand: 0, committed: -quantity, Timeline.restockedReason(orderNumber: plan.number), settled, actor: Self.staffActor)
            }
            event(Timeline.restocked(units: lines.reduce(0) { $0 + $1.quantity }), Self.staffActor, settled)
        } else if state.status == .pending || state.status == .processing {
            for (sku, quantity) in quantityBySku { committed[sku, default: 0] += quantity }
        }
        switch (state.payment, state.issue) {
        case (.refunded, _):
            refund(total, .succeeded, settled.addingTimeInterval(3), key: "full")
        case (.partiallyRefunded, .refundFailed):
            refund(partialAmount, .succeeded, settled.addingTimeInterval(3), key: "first")
        case (.partiallyRefunded, _):
            refund(partialAmount, .succeeded, settled.addingTimeInterval(3), key: "partial")
        default:
            break
        }
        if state.issue == .refundFailed {
            let failure = failure ?? definition.failures["refund_failed"]![0]
            let amount = state.payment == .partiallyRefunded ? total - partialAmount : (state.status == .cancelled ? total : partialAmount)
            let time = settled.addingTimeInterval(60)
            refund(amount, .failed, time, key: "failed", message: failure.message)
            order.issueCode = failure.code
            order.issueMessage = failure.message
            order.issueSince = time.addingTimeInterval(2)
            order.issueAttempts = 1
        }
        if state.status == .cancelled {
            event(Timeline.cancellationEmailQueued(to: customer.email), Timeline.systemActor, settled.addingTimeInterval(90))
            // The record behind the cancellations report, as a cancellation made in Deskflow writes it.
            rows.cancellation = SeedCancellation(
                orderID: orderID, reason: order.cancelReason ?? .customer, note: order.cancelNote ?? "",
                refundMinor: lastRefundMinor, voidMinor: state.payment == .voided ? total : 0, currency: currency,
                restocked: true, notified: true, staffName: Self.staffActor, createdAt: settled)
        }

        rows.events = events.map { entry, actor, time in
            SeedEvent(
                orderID: orderID, kind: entry.kind, actor: actor, summary: entry.summary,
                amountMinor: entry.amount?.minorUnits, createdAt: time)
        }
        order.updatedAt = updatedAt
        rows.order = order
        return rows
    }
}
