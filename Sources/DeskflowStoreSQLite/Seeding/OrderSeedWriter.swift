import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

/// Writes a planned order with everything a real one would have left behind: lines, payments, refunds,
/// stock reservations and a timeline that tells how it got to its state.
struct OrderSeedWriter {
    let products: [DemoStoreDefinition.Product]
    let customers: [CustomerRecord]
    let definition: DemoStoreDefinition
    let currency: Currency
    /// The moment of seeding: a young order's later steps are not invented in the future.
    let now: Date
    /// Steps are written a few minutes before `now` at the latest, so the seconds that follow a step stay in the past.
    private var latestStep: Date { now.addingTimeInterval(-300) }
    static let staffActor = "Store team"

    /// Units each product shipped or has reserved, so the opening stock can be made to add up.
    var shipped: [String: Int] = [:]
    var committed: [String: Int] = [:]
    /// Rows written but not yet inserted: `flush(_:)` inserts them.
    var rows = SeedRowBuffers()
    /// Who keeps the payment provider's side of the calls made up here, if anyone: `flush(_:)` hands them over.
    var paymentCallLedger: (any SeededPaymentCallLedger)? = nil
    var paymentCalls: [SeededPaymentCall] = []
    /// The id the next order gets, read from the database when the first is written.
    var nextOrderID: Int64? = nil

    /// Inserts the rows still buffered, and hands the payment calls made up to the provider's ledger; call it once
    /// the orders are written, before the transaction ends.
    mutating func flush(_ db: Database) throws {
        try rows.flush(db)
        if let paymentCallLedger, !paymentCalls.isEmpty {
            try paymentCallLedger.record(paymentCalls, in: SharedTransaction(db))
            paymentCalls.removeAll(keepingCapacity: true)
        }
    }

    func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: currency) }

    mutating func write(_ plan: OrderPlan, _ db: Database) throws {
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
        var order = OrderRecord(
            id: nil, number: plan.number, placedAt: t0, customerId: customer.id ?? 0, customerName: customer.name,
            customerEmail: customer.email, status: state.status, paymentStatus: state.payment,
            fulfillmentStatus: state.fulfillment, issueKind: state.issue,
            issueCode: nil, issueMessage: nil, issueSince: nil, issueAttempts: 0,
            currency: currency, subtotalMinor: subtotal, shippingMinor: shipping, taxMinor: tax, totalMinor: total,
            paymentBrand: plan.card?.brand, paymentLast4: plan.card?.last4,
            authorizedMinor: authorized, capturedMinor: captured,
            shipName: customer.name, shipLine1: definition.streets[plan.streetIndex], shipLine2: "",
            shipCity: city.city, shipRegion: city.region, shipPostalCode: city.postalCode, shipCountry: "US",
            trackingNumber: nil, cancelReason: nil, cancelNote: nil, cancelledAt: nil, cancelledBy: nil,
            version: 1, updatedAt: t0, paymentProvider: .simulated, paymentReference: nil, paymentMethodReference: nil)
        // The address carries the fault the failure names, so fixing the address is what makes a retry succeed.
        switch (state.issue, failure?.code) {
        case (.processingError, "missing_postal_code"): order.shipPostalCode = ""
        case (.processingError, "address_unverified"): order.shipLine1 = String(order.shipLine1.drop { $0.isNumber || $0 == " " })
        case (.processingError, "tax_calculation_failed"): order.shipRegion = definition.regionNames[city.region] ?? "Unknown"
        case (.fulfillmentFailed, "carrier_rejected"):
            (order.shipCity, order.shipRegion, order.shipPostalCode) = ("Honolulu", "HI", "96813")
        case (.fulfillmentFailed, "address_undeliverable"): order.shipLine1 = "PO Box \(100 + plan.number % 900)"
        default: break
        }
        let orderId = try nextOrderID ?? OrderRecord.nextSeededID(db)
        nextOrderID = orderId + 1
        order.id = orderId

        for line in lines {
            try rows.add(
                LineItemRecord(
                    id: nil, orderId: orderId, sku: line.sku, name: line.name, quantity: line.quantity,
                    unitPriceMinor: line.unitPrice.minorUnits
                ),
                db)
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
            _ kind: PaymentRecord.Kind, _ amount: Int64, _ status: PaymentRecord.Status, _ time: Date,
            failure: DemoStoreDefinition.Failure? = nil
        ) throws {
            let record = PaymentRecord(
                id: nil, orderId: orderId, kind: kind, amountMinor: amount, status: status,
                idempotencyKey: "seed-\(plan.number)-\(kind.rawValue)",
                gatewayReference: status == .succeeded ? "sim_\(kind.rawValue.prefix(3))_\(plan.number)" : nil,
                failureCode: failure?.code, failureMessage: failure?.message, createdAt: time, completedAt: time)
            try rows.add(record, db)
            try ledger(kind.rawValue, amount, record.idempotencyKey, record.gatewayReference, failure?.code, failure?.message, time)
        }
        // The provider's own record of the same call, so later refunds and voids are checked against it.
        func ledger(_ kind: String, _ amount: Int64, _ key: String, _ reference: String?, _ code: String?, _ message: String?, _ time: Date) throws {
            guard paymentCallLedger != nil else { return }
            paymentCalls.append(
                SeededPaymentCall(
                    idempotencyKey: key, kind: kind, orderNumber: plan.number, amountMinor: amount, cardLast4: plan.card?.last4,
                    succeeded: reference != nil, reference: reference, failureCode: code, failureMessage: message,
                    createdAt: time))
        }
        // The last refund written, which for a cancelled order is the refund its cancellation issued.
        var lastRefundMinor: Int64 = 0
        func refund(_ amount: Int64, _ status: RefundSummary.State, _ time: Date, key: String, message: String? = nil) throws {
            lastRefundMinor = amount
            let record = RefundRecord(
                id: nil, orderId: orderId, amountMinor: amount, status: status, idempotencyKey: "seed-\(plan.number)-\(key)",
                gatewayReference: status == .succeeded ? "sim_re_\(plan.number)_\(key)" : nil, failureMessage: message,
                requestedBy: Self.staffActor, createdAt: time, completedAt: status == .pending ? nil : time)
            try rows.add(record, db)
            try ledger("refund", amount, record.idempotencyKey, record.gatewayReference, status == .failed ? "refund_declined" : nil, message, time)
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
            try payment(.charge, total, .failed, at(1), failure: failure)
            event(Timeline.chargeFailed(money(total), message: failure.message), Timeline.gatewayActor, at(1))
        default:
            try payment(.authorization, total, .succeeded, at(1))
            event(Timeline.authorized(money(total), card: card), Timeline.gatewayActor, at(1))
            if captured > 0 {
                try payment(.capture, total, .succeeded, at(2))
                event(Timeline.captured(money(total)), Timeline.gatewayActor, at(2))
            }
        }

        // Goods out, and what went wrong on the way.
        let quantityBySku = Dictionary(lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        func ledger(_ sku: String, onHand: Int, committed: Int, _ reason: String, _ time: Date, actor: String = Timeline.systemActor) throws {
            try rows.add(
                InventoryLedgerRecord(
                    id: nil, sku: sku, orderId: orderId, onHandChange: onHand, committedChange: committed, reason: reason,
                    actor: actor, createdAt: time
                ),
                db)
        }
        for (sku, quantity) in quantityBySku.sorted(by: { $0.key < $1.key }) {
            try ledger(sku, onHand: 0, committed: quantity, Timeline.reserved(orderNumber: plan.number), t0)
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
                try ledger(sku, onHand: -quantity, committed: -quantity, Timeline.shippedReason(orderNumber: plan.number), time, actor: Timeline.warehouseActor)
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
                try payment(.void, total, .succeeded, settled.addingTimeInterval(1))
                event(Timeline.voided(money(total)), Timeline.gatewayActor, settled.addingTimeInterval(1))
            }
            for (sku, quantity) in quantityBySku.sorted(by: { $0.key < $1.key }) {
                try ledger(sku, onHand: 0, committed: -quantity, Timeline.restockedReason(orderNumber: plan.number), settled, actor: Self.staffActor)
            }
            event(Timeline.restocked(units: lines.reduce(0) { $0 + $1.quantity }), Self.staffActor, settled)
        } else if state.status == .pending || state.status == .processing {
            for (sku, quantity) in quantityBySku { committed[sku, default: 0] += quantity }
        }
        switch (state.payment, state.issue) {
        case (.refunded, _):
            try refund(total, .succeeded, settled.addingTimeInterval(3), key: "full")
        case (.partiallyRefunded, .refundFailed):
            try refund(partialAmount, .succeeded, settled.addingTimeInterval(3), key: "first")
        case (.partiallyRefunded, _):
            try refund(partialAmount, .succeeded, settled.addingTimeInterval(3), key: "partial")
        default:
            break
        }
        if state.issue == .refundFailed {
            let failure = failure ?? definition.failures["refund_failed"]![0]
            let amount = state.payment == .partiallyRefunded ? total - partialAmount : (state.status == .cancelled ? total : partialAmount)
            let time = settled.addingTimeInterval(60)
            try refund(amount, .failed, time, key: "failed", message: failure.message)
            order.issueCode = failure.code
            order.issueMessage = failure.message
            order.issueSince = time.addingTimeInterval(2)
            order.issueAttempts = 1
        }
        if state.status == .cancelled {
            event(Timeline.cancellationEmailQueued(to: customer.email), Timeline.systemActor, settled.addingTimeInterval(90))
            // The record behind the cancellations report, as a cancellation made in Deskflow writes it.
            try rows.add(
                CancellationRow(
                    id: nil, orderId: orderId, reason: order.cancelReason ?? .customer,
                    note: order.cancelNote ?? "", refundMinor: lastRefundMinor,
                    voidMinor: state.payment == .voided ? total : 0, currency: currency, restocked: true, notified: true,
                    staffId: nil, staffName: Self.staffActor, createdAt: settled
                ),
                db)
        }

        for (entry, actor, time) in events {
            try rows.add(
                OrderEventRecord(
                    id: nil, orderId: orderId, kind: entry.kind, actor: actor, summary: entry.summary,
                    amountMinor: entry.amount?.minorUnits, createdAt: time
                ),
                db)
        }
        // The order goes in last, as it now stands, after the rows that hang off it.
        order.updatedAt = updatedAt
        try rows.add(order, db)
    }
}
