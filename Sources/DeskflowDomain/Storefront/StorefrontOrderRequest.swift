import Foundation

/// An order as a storefront sends it to `POST /api/v1/orders` (DESIGN §4c), decoded but not yet checked: the
/// JSON's own shape. Money is in minor units of the order's currency.
public struct StorefrontOrderRequest: Decodable, Hashable, Sendable {
    public typealias Customer = StorefrontCustomer
    public typealias ShippingAddress = StorefrontAddress

    public struct Line: Decodable, Hashable, Sendable {
        public var sku: String
        public var name: String?
        public var quantity: Int
        public var unitPriceMinor: Int64

        enum CodingKeys: String, CodingKey {
            case sku, name, quantity
            case unitPriceMinor = "unit_price_minor"
        }

        public init(sku: String, name: String?, quantity: Int, unitPriceMinor: Int64) {
            self.sku = sku
            self.name = name
            self.quantity = quantity
            self.unitPriceMinor = unitPriceMinor
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sku = try container.decode(String.self, forKey: .sku)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            quantity = try container.wholeNumber(Int.self, forKey: .quantity)
            unitPriceMinor = try container.wholeNumber(Int64.self, forKey: .unitPriceMinor)
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

        public init(
            provider: String, reference: String?, method: Method?, status: String, amountMinor: Int64, failureMessage: String?
        ) {
            self.provider = provider
            self.reference = reference
            self.method = method
            self.status = status
            self.amountMinor = amountMinor
            self.failureMessage = failureMessage
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            provider = try container.decode(String.self, forKey: .provider)
            reference = try container.decodeIfPresent(String.self, forKey: .reference)
            method = try container.decodeIfPresent(Method.self, forKey: .method)
            status = try container.decode(String.self, forKey: .status)
            amountMinor = try container.wholeNumber(Int64.self, forKey: .amountMinor)
            failureMessage = try container.decodeIfPresent(String.self, forKey: .failureMessage)
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

    public init(
        number: Int?, placedAt: Date?, currency: String, customer: Customer, shippingAddress: ShippingAddress, lines: [Line],
        shippingMinor: Int64, taxMinor: Int64, payment: Payment
    ) {
        self.number = number
        self.placedAt = placedAt
        self.currency = currency
        self.customer = customer
        self.shippingAddress = shippingAddress
        self.lines = lines
        self.shippingMinor = shippingMinor
        self.taxMinor = taxMinor
        self.payment = payment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.wholeNumberIfPresent(Int.self, forKey: .number)
        placedAt = try container.iso8601DateIfPresent(forKey: .placedAt)
        currency = try container.decode(String.self, forKey: .currency)
        customer = try container.decode(Customer.self, forKey: .customer)
        shippingAddress = try container.decode(ShippingAddress.self, forKey: .shippingAddress)
        lines = try container.decode([Line].self, forKey: .lines)
        shippingMinor = try container.wholeNumber(Int64.self, forKey: .shippingMinor)
        taxMinor = try container.wholeNumber(Int64.self, forKey: .taxMinor)
        payment = try container.decode(Payment.self, forKey: .payment)
    }
}
