import DeskflowDomain
import Foundation

// The rows seeding leaves in the store, as plain values: each engine inserts them its own way (SQLite through its
// records, PostgreSQL by multi-row statements), so both stores hold the same rows. Rows whose id the database
// assigns carry none; they go in in the order they were made, so the ids come out alike too.

/// A customer of the demo store.
package struct SeedCustomer: Sendable {
    /// `nil` until inserted.
    package var id: Int64?
    package var name: String
    package var email: String
    package var createdAt: Date

    package init(id: Int64?, name: String, email: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.email = email
        self.createdAt = createdAt
    }
}

/// An order as it stands once its story is told. Columns not listed take their defaults (version 1, no provider
/// references, nothing refunded of the shipping, no fix made).
package struct SeedOrder: Sendable {
    package var id: Int64
    package var number: Int
    package var placedAt: Date
    package var customerID: Int64
    package var customerName: String
    package var customerEmail: String
    package var state: OrderState
    package var issueCode: String?
    package var issueMessage: String?
    package var issueSince: Date?
    package var issueAttempts: Int
    package var currency: Currency
    package var subtotalMinor: Int64
    package var shippingMinor: Int64
    package var taxMinor: Int64
    package var totalMinor: Int64
    package var paymentBrand: String?
    package var paymentLast4: String?
    package var authorizedMinor: Int64
    package var capturedMinor: Int64
    package var address: Address
    package var trackingNumber: String?
    package var cancelReason: CancelReason?
    package var cancelNote: String?
    package var cancelledAt: Date?
    package var cancelledBy: String?
    package var updatedAt: Date
    package var paymentProvider: PaymentProvider { .simulated }
    package var version: Int { 1 }
}

package struct SeedLineItem: Sendable {
    package var orderID: Int64
    package var sku: String
    package var name: String
    package var quantity: Int
    package var unitPriceMinor: Int64
}

package struct SeedPayment: Sendable {
    package var orderID: Int64
    package var kind: PaymentKind
    package var amountMinor: Int64
    package var status: CallState
    package var idempotencyKey: String
    package var gatewayReference: String?
    package var failureCode: String?
    package var failureMessage: String?
    package var createdAt: Date
    package var completedAt: Date?
}

package struct SeedRefund: Sendable {
    package var orderID: Int64
    package var amountMinor: Int64
    package var status: RefundState
    package var idempotencyKey: String
    package var gatewayReference: String?
    package var failureMessage: String?
    package var requestedBy: String
    package var createdAt: Date
    package var completedAt: Date?
}

/// A line of the inventory ledger: an order's reservation, shipment or restock, or stock counted or received.
package struct SeedStockMovement: Sendable {
    package var sku: String
    package var orderID: Int64?
    package var onHandChange: Int
    package var committedChange: Int
    package var reason: String
    package var actor: String
    package var createdAt: Date
}

package struct SeedEvent: Sendable {
    package var orderID: Int64
    package var kind: OrderEventKind
    package var actor: String
    package var summary: String
    package var amountMinor: Int64?
    package var createdAt: Date
}

/// The record behind the cancellations report, as a cancellation made in Deskflow writes it (by no staff id).
package struct SeedCancellation: Sendable {
    package var orderID: Int64
    package var reason: CancelReason
    package var note: String
    package var refundMinor: Int64
    package var voidMinor: Int64
    package var currency: Currency
    package var restocked: Bool
    package var notified: Bool
    package var staffName: String
    package var createdAt: Date
}

package struct SeedStockLevel: Sendable {
    package var sku: String
    package var onHand: Int
    package var committed: Int
}

/// Everything one seeded order leaves: its rows, table by table in the order they go in (each table's rows in the
/// order given), and the payment provider's record of the calls it stands for.
package struct SeededOrderRows: Sendable {
    package var order: SeedOrder
    package var lineItems: [SeedLineItem] = []
    package var payments: [SeedPayment] = []
    package var refunds: [SeedRefund] = []
    package var stockMovements: [SeedStockMovement] = []
    package var events: [SeedEvent] = []
    package var cancellation: SeedCancellation?
    /// Empty unless the seeder was asked for them.
    package var paymentCalls: [SeededPaymentCall] = []
}
