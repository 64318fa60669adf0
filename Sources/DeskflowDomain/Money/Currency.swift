/// An ISO 4217 currency with the number of minor-unit digits it is written with.
public struct Currency: Hashable, Sendable, Codable {
    public let code: String
    public let minorUnitDigits: Int
    public let symbol: String

    public static let usd = Currency(code: "USD", minorUnitDigits: 2, symbol: "$")
    public static let eur = Currency(code: "EUR", minorUnitDigits: 2, symbol: "€")
    public static let gbp = Currency(code: "GBP", minorUnitDigits: 2, symbol: "£")
    public static let cad = Currency(code: "CAD", minorUnitDigits: 2, symbol: "CA$")
    public static let jpy = Currency(code: "JPY", minorUnitDigits: 0, symbol: "¥")

    public static let supported: [Currency] = [.usd, .eur, .gbp, .cad, .jpy]

    /// The currency for an ISO 4217 code this store supports, or `nil`.
    public init?(code: String) {
        guard let known = Currency.supported.first(where: { $0.code == code.uppercased() }) else { return nil }
        self = known
    }

    private init(code: String, minorUnitDigits: Int, symbol: String) {
        self.code = code
        self.minorUnitDigits = minorUnitDigits
        self.symbol = symbol
    }

    /// 10 to the power of `minorUnitDigits`: minor units in one major unit.
    public var minorUnitsPerMajor: Int64 {
        var factor: Int64 = 1
        for _ in 0..<minorUnitDigits { factor *= 10 }
        return factor
    }
}
