/// A customer as the storefront API writes and reads one.
public struct StorefrontCustomer: Codable, Hashable, Sendable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A shipping address as the storefront API writes and reads one: `line2` may be left out of a request, and is
/// always in an answer.
public struct StorefrontAddress: Codable, Hashable, Sendable {
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

    public init(name: String, line1: String, line2: String?, city: String, region: String, postalCode: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    public init(_ address: Address) {
        self.init(
            name: address.name, line1: address.line1, line2: address.line2, city: address.city, region: address.region,
            postalCode: address.postalCode, country: address.country)
    }
}
