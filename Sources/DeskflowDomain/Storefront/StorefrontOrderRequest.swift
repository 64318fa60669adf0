import Foundation

/// An order as a storefront sends it to `POST /api/v1/orders` (DESIGN §4c), decoded but not yet checked: the
/// JSON's own shape. Money is in minor units of the order's currency.
public struct StorefrontOrderRequest: Decodable, Hashable, Sendable {
    public struct Customer: Decodable, Hashable, Sendable {
        public var name: String
        public var email: String
    }

    public struct ShippingAddress: Decodable, Hashable, Sendable {
        public var name: String
        public var line1: String
        public var line2: String?
        public var city: String
        public var region: String
        public var postalCode: String
        public var country: String

        enum CodingKeys: String, CodingKey {
            case name, line1, line2, city, region, country
            case postalCode = "postal_code"
        }
    }

    public struct Line: Decodable, Hashable, Sendable {
        public var sku: String
        public var name: String?
        public var quantity: Int
        public var unitPriceMinor: Int64

        enum CodingKeys: String, CodingKey {
            case sku, name, quantity
            case unitPriceMinor = "unit_price_minor"
        }
    }

    public struct Payment: Decodable, Hashable, Sendable {
        public struct Method: Decodable, Hashable, Sendable {
            public var brand: String
            public var last4: String
        }

        public var provider: String
        public var reference: String?
        public var method: Method?
        public var status: String
        public var amountMinor: Int64
        public var failureMessage: String?

        enum CodingKeys: String, CodingKey {
            case provider, reference, method, status
            case amountMinor = "amount_minor"
            case failureMessage = "failure_message"
        }
    }

    public var number: Int?
    public var placedAt: Date?
    public var currency: String
    public var customer: Customer
    public var shippingAddress: ShippingAddress
    public var lines: [Line]
    public var shippingMinor: Int64
    public var taxMinor: Int64
    public var payment: Payment

    enum CodingKeys: String, CodingKey {
        case number, currency, customer, lines, payment
        case placedAt = "placed_at"
        case shippingAddress = "shipping_address"
        case shippingMinor = "shipping_minor"
        case taxMinor = "tax_minor"
    }
}
