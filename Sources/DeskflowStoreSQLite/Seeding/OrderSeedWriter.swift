import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

/// Inserts the rows seeded orders leave (told by `OrderSeeder`) through the store's records, buffered per table.
struct OrderSeedWriter {
    var seeder: OrderSeeder
    /// Rows written but not yet inserted: `flush(_:)` inserts them.
    private var rows = SeedRowBuffers()
    /// Who keeps the payment provider's side of the calls made up here, if anyone: `flush(_:)` hands them over.
    private let paymentCallLedger: (any SeededPaymentCallLedger)?
    private var paymentCalls: [SeededPaymentCall] = []
    /// The id the next order gets, read from the database when the first is written.
    private var nextOrderID: Int64? = nil

    init(
        products: [DemoStoreDefinition.Product], customers: [CustomerRecord], definition: DemoStoreDefinition, now: Date,
        paymentCallLedger: (any SeededPaymentCallLedger)?
    ) {
        seeder = OrderSeeder(
            products: products, customers: customers.map(\.seedCustomer), definition: definition, now: now,
            recordsPaymentCalls: paymentCallLedger != nil)
        self.paymentCallLedger = paymentCallLedger
    }

    var shipped: [String: Int] { seeder.shipped }
    var committed: [String: Int] { seeder.committed }

    mutating func write(_ plan: OrderPlan, _ db: Database) throws {
        let orderID = try nextOrderID ?? OrderRecord.nextSeededID(db)
        nextOrderID = orderID + 1
        let order = seeder.rows(for: plan, id: orderID)
        try rows.add(order, db)
        paymentCalls.append(contentsOf: order.paymentCalls)
    }

    /// Inserts the rows still buffered, and hands the payment calls made up to the provider's ledger; call it once
    /// the orders are written, before the transaction ends.
    mutating func flush(_ db: Database) throws {
        try rows.flush(db)
        if let paymentCallLedger, !paymentCalls.isEmpty {
            try paymentCallLedger.record(paymentCalls, in: SharedTransaction(db))
            paymentCalls.removeAll(keepingCapacity: true)
        }
    }
}

extension CustomerRecord {
    var seedCustomer: SeedCustomer { SeedCustomer(id: id, name: name, email: email, createdAt: createdAt) }
}

extension SeedRowBuffers {
    /// Adds an order's rows: the ones that hang off it first, the order last, as it now stands.
    mutating func add(_ rows: SeededOrderRows, _ db: Database) throws {
        for line in rows.lineItems {
            try add(
                LineItemRecord(
                    id: nil, orderId: line.orderID, sku: line.sku, name: line.name, quantity: line.quantity,
                    unitPriceMinor: line.unitPriceMinor),
                db)
        }
        for payment in rows.payments {
            try add(
                PaymentRecord(
                    id: nil, orderId: payment.orderID, kind: payment.kind, amountMinor: payment.amountMinor,
                    status: payment.status, idempotencyKey: payment.idempotencyKey,
                    gatewayReference: payment.gatewayReference, failureCode: payment.failureCode,
                    failureMessage: payment.failureMessage, createdAt: payment.createdAt, completedAt: payment.completedAt),
                db)
        }
        for refund in rows.refunds {
            try add(
                RefundRecord(
                    id: nil, orderId: refund.orderID, amountMinor: refund.amountMinor, status: refund.status,
                    idempotencyKey: refund.idempotencyKey, gatewayReference: refund.gatewayReference,
                    failureMessage: refund.failureMessage, requestedBy: refund.requestedBy, createdAt: refund.createdAt,
                    completedAt: refund.completedAt),
                db)
        }
        for movement in rows.stockMovements { try add(InventoryLedgerRecord(movement), db) }
        if let cancellation = rows.cancellation {
            try add(
                CancellationRow(
                    id: nil, orderId: cancellation.orderID, reason: cancellation.reason, note: cancellation.note,
                    refundMinor: cancellation.refundMinor, voidMinor: cancellation.voidMinor,
                    currency: cancellation.currency, restocked: cancellation.restocked,
                    notified: cancellation.notified, staffId: nil, staffName: cancellation.staffName,
                    createdAt: cancellation.createdAt),
                db)
        }
        for event in rows.events {
            try add(
                OrderEventRecord(
                    id: nil, orderId: event.orderID, kind: event.kind, actor: event.actor, summary: event.summary,
                    amountMinor: event.amountMinor, createdAt: event.createdAt),
                db)
        }
        let order = rows.order
        try add(
            OrderRecord(
                id: order.id, number: order.number, placedAt: order.placedAt, customerId: order.customerID,
                customerName: order.customerName, customerEmail: order.customerEmail, status: order.state.status,
                paymentStatus: order.state.payment, fulfillmentStatus: order.state.fulfillment,
                issueKind: order.state.issue, issueCode: order.issueCode, issueMessage: order.issueMessage,
                issueSince: order.issueSince, issueAttempts: order.issueAttempts, currency: order.currency,
                subtotalMinor: order.subtotalMinor, shippingMinor: order.shippingMinor, taxMinor: order.taxMinor,
                totalMinor: order.totalMinor, paymentBrand: order.paymentBrand, paymentLast4: order.paymentLast4,
                authorizedMinor: order.authorizedMinor, capturedMinor: order.capturedMinor,
                shipName: order.address.name, shipLine1: order.address.line1, shipLine2: order.address.line2,
                shipCity: order.address.city, shipRegion: order.address.region,
                shipPostalCode: order.address.postalCode, shipCountry: order.address.country,
                trackingNumber: order.trackingNumber, cancelReason: order.cancelReason, cancelNote: order.cancelNote,
                cancelledAt: order.cancelledAt, cancelledBy: order.cancelledBy, version: order.version,
                updatedAt: order.updatedAt, paymentProvider: order.paymentProvider, paymentReference: nil,
                paymentMethodReference: nil),
            db)
    }
}

extension InventoryLedgerRecord {
    init(_ movement: SeedStockMovement) {
        self.init(
            id: nil, sku: movement.sku, orderId: movement.orderID, onHandChange: movement.onHandChange,
            committedChange: movement.committedChange, reason: movement.reason, actor: movement.actor,
            createdAt: movement.createdAt)
    }
}
