import Foundation

/// An order as the domain reasons about it: everything the rules need, nothing about storage.
public struct Order: Hashable, Sendable {
    public var id: Int64
    public var number: Int
    public var placedAt: Date
    public var status: OrderStatus
    public var paymentStatus: PaymentStatus
    public var fulfillmentStatus: FulfillmentStatus
    public var issue: OrderIssue?
    public var customer: Customer
    public var shippingAddress: Address
    public var lines: [LineItem]
    public var totals: OrderTotals
    public var payment: PaymentSummary
    public var trackingNumber: String?
    public var cancellation: CancellationRecord?
    /// The shipping charge was paid back by a refund; it is refunded once at most.
    public var shippingRefunded: Bool
    /// Bumped by every change; a form carries the version it was rendered from.
    public var version: Int

    public init(
        id: Int64, number: Int, placedAt: Date, status: OrderStatus, paymentStatus: PaymentStatus,
        fulfillmentStatus: FulfillmentStatus, issue: OrderIssue?, customer: Customer, shippingAddress: Address,
        lines: [LineItem], totals: OrderTotals, payment: PaymentSummary, trackingNumber: String?,
        cancellation: CancellationRecord?, version: Int, shippingRefunded: Bool = false
    ) {
        self.id = id
        self.number = number
        self.placedAt = placedAt
        self.status = status
        self.paymentStatus = paymentStatus
        self.fulfillmentStatus = fulfillmentStatus
        self.issue = issue
        self.customer = customer
        self.shippingAddress = shippingAddress
        self.lines = lines
        self.totals = totals
        self.payment = payment
        self.trackingNumber = trackingNumber
        self.cancellation = cancellation
        self.shippingRefunded = shippingRefunded
        self.version = version
    }

    public var currency: Currency { totals.total.currency }
    public var itemCount: Int { lines.reduce(0) { $0 + $1.quantity } }
}

public struct Customer: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var email: String

    public init(id: Int64, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }
}

public struct Address: Hashable, Sendable, Codable {
    public var name: String
    public var line1: String
    public var line2: String
    public var city: String
    public var region: String
    public var postalCode: String
    public var country: String

    public init(
        name: String, line1: String, line2: String = "", city: String, region: String, postalCode: String,
        country: String
    ) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    /// The address as printed on a label, one line each, empty lines left out.
    public var lines: [String] {
        let cityLine = [city, region, postalCode].filter { !$0.isEmpty }.joined(separator: " ")
        return [name, line1, line2, cityLine, country].filter { !$0.isEmpty }
    }
}

public struct LineItem: Hashable, Sendable {
    public var sku: String
    public var name: String
    public var quantity: Int
    public var unitPrice: Money
    /// Units paid back by refunds of this line so far (requested ones included): each is refunded once at most.
    public var refundedQuantity: Int

    public init(sku: String, name: String, quantity: Int, unitPrice: Money, refundedQuantity: Int = 0) {
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.refundedQuantity = refundedQuantity
    }

    public var lineTotal: Money { unitPrice * quantity }
    /// Units that can still be refunded.
    public var refundableQuantity: Int { max(quantity - refundedQuantity, 0) }
}

public struct OrderTotals: Hashable, Sendable {
    public var subtotal: Money
    public var shipping: Money
    public var tax: Money

    public init(subtotal: Money, shipping: Money, tax: Money) {
        self.subtotal = subtotal
        self.shipping = shipping
        self.tax = tax
    }

    public var total: Money { subtotal + shipping + tax }

    /// Totals for a set of lines: the subtotal is their sum; shipping and tax come from the checkout.
    public static func forLines(_ lines: [LineItem], shipping: Money, tax: Money) -> OrderTotals {
        let subtotal = lines.reduce(Money.zero(shipping.currency)) { $0 + $1.lineTotal }
        return OrderTotals(subtotal: subtotal, shipping: shipping, tax: tax)
    }
}

/// A card or wallet on file. Only the brand and last four digits are ever kept.
public struct PaymentMethod: Hashable, Sendable, Codable {
    public var brand: String
    public var last4: String

    public init(brand: String, last4: String) {
        self.brand = brand
        self.last4 = last4
    }

    /// `Visa •••• 4242`
    public var label: String { "\(brand) •••• \(last4)" }
}

/// The money side of an order: what was authorized and captured, what went back.
public struct PaymentSummary: Hashable, Sendable {
    public var method: PaymentMethod?
    public var authorized: Money
    public var captured: Money
    public var refunded: Money
    /// Refunds sent to the gateway whose outcome is not known yet.
    public var pendingRefunds: Money
    /// A charge sent to the gateway whose outcome is not known yet.
    public var pendingCharges: Money
    /// Refunds that failed and are still owed: retried under their key, or paid back another way.
    public var failedRefunds: Money
    public var provider: PaymentProvider
    /// The provider's id for this payment (a Stripe PaymentIntent `pi_…`); `nil` for the simulation and manual payments.
    public var reference: String?
    /// The provider's id for the payment method recorded for the next charge (a Stripe PaymentMethod `pm_…`).
    public var methodReference: String?

    public init(
        method: PaymentMethod?, authorized: Money, captured: Money, refunded: Money, pendingRefunds: Money,
        pendingCharges: Money? = nil, provider: PaymentProvider = .simulated, reference: String? = nil,
        methodReference: String? = nil, failedRefunds: Money? = nil
    ) {
        self.method = method
        self.provider = provider
        self.reference = reference
        self.methodReference = methodReference
        self.authorized = authorized
        self.captured = captured
        self.refunded = refunded
        self.pendingRefunds = pendingRefunds
        self.pendingCharges = pendingCharges ?? .zero(captured.currency)
        self.failedRefunds = failedRefunds ?? .zero(captured.currency)
    }

    /// Captured, less what was refunded and what is being refunded; never below zero.
    public var refundable: Money { (captured - refunded - pendingRefunds).clampedToZero }

    /// What a new refund may take without cancelling: the refundable amount less refunds that failed and are still
    /// owed, since each of those may yet be retried and go through. (A cancellation replaces failed refunds with its
    /// own, so it may refund all that is refundable.)
    public var refundableBesideFailed: Money { (refundable - failedRefunds).clampedToZero }

    /// The method the next charge uses, as the order page and timeline name it: the card, or a Stripe PaymentMethod
    /// known only by its id; `nil` when there is none on file.
    public var methodLabel: String? {
        if let method { return method.label }
        return methodReference.map { NewPaymentMethod.stripe($0).label }
    }

    /// Where a call about this payment goes.
    public var source: PaymentSource {
        PaymentSource(provider: provider, reference: reference, method: method, methodReference: methodReference)
    }
}
