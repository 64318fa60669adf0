import Foundation

/// The demo store as described in `Resources/demo-store.json`: catalog, customers' names, addresses, cards and
/// the failures the demo shows.
public struct DemoStoreDefinition: Codable, Sendable {
    public struct Product: Codable, Sendable {
        public var sku: String
        public var name: String
        public var priceMinor: Int64
        public var onHand: Int

        package init(sku: String, name: String, priceMinor: Int64, onHand: Int) {
            self.sku = sku
            self.name = name
            self.priceMinor = priceMinor
            self.onHand = onHand
        }
    }

    public struct City: Codable, Sendable {
        public var city: String
        public var region: String
        public var postalCode: String
    }

    public struct Card: Codable, Sendable, Hashable {
        public var brand: String
        public var last4: String

        package init(brand: String, last4: String) {
            self.brand = brand
            self.last4 = last4
        }
    }

    public struct Failure: Codable, Sendable {
        public var code: String
        public var message: String
        public var brand: String?
        public var last4: String?

        package var card: Card? { brand.flatMap { brand in last4.map { Card(brand: brand, last4: $0) } } }
    }

    public var seed: UInt64
    public var currency: String
    public var orderCount: Int
    public var customerCount: Int
    public var daysOfHistory: Int
    public var firstOrderNumber: Int
    public var products: [Product]
    public var firstNames: [String]
    public var lastNames: [String]
    public var streets: [String]
    public var cities: [City]
    public var cards: [Card]
    /// Full state names, for the demo's "state is not a two-letter code" processing error.
    public var regionNames: [String: String]
    /// Keyed by issue kind (`payment_failed`, …).
    public var failures: [String: [Failure]]

    public static func load(from url: URL) throws -> DemoStoreDefinition {
        try JSONDecoder().decode(DemoStoreDefinition.self, from: Data(contentsOf: url))
    }
}

/// A small, fast generator with a fixed seed, so the demo store is the same every time it is seeded.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
