import Foundation

/// What the storefront says about the payment it took at checkout.
public enum StorefrontPaymentStatus: String, Hashable, Sendable, CaseIterable {
    case authorized, paid, pending, failed
}

/// A product as the catalog knows it, for checking a storefront's lines against.
public struct CatalogProduct: Hashable, Sendable {
    public var sku: String
    public var name: String
    public var price: Money

    public init(sku: String, name: String, price: Money) {
        self.sku = sku
        self.name = name
        self.price = price
    }
}

/// A storefront's order once every field has been checked: what `Decide.place` turns into a new order.
public struct StorefrontOrder: Hashable, Sendable {
    public struct Payment: Hashable, Sendable {
        public var source: PaymentSource
        public var status: StorefrontPaymentStatus
        public var amount: Money
        public var failureMessage: String?
    }

    public var number: Int?
    public var placedAt: Date?
    public var customerName: String
    public var customerEmail: String
    public var shippingAddress: Address
    public var lines: [LineItem]
    public var totals: OrderTotals
    public var payment: Payment

    public var currency: Currency { totals.total.currency }
}
