/// An amount of money: an integer count of minor units (cents) in one currency. Never a floating-point number.
public struct Money: Hashable, Sendable, Codable {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }

    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Adding \(lhs.currency.code) to \(rhs.currency.code)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Subtracting \(rhs.currency.code) from \(lhs.currency.code)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    public static func * (lhs: Money, quantity: Int) -> Money {
        Money(minorUnits: lhs.minorUnits * Int64(quantity), currency: lhs.currency)
    }

    /// The larger of this amount and zero.
    public var clampedToZero: Money {
        minorUnits < 0 ? .zero(currency) : self
    }
}

extension Money: Comparable {
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "Comparing \(lhs.currency.code) with \(rhs.currency.code)")
        return lhs.minorUnits < rhs.minorUnits
    }
}

extension Money {
    /// The amount as a manager reads it: `$1,234.56`, `-$5.00`, `¥1,200`.
    public var formatted: String {
        let sign = minorUnits < 0 ? "-" : ""
        return sign + currency.symbol + Self.digits(of: minorUnits.magnitude, currency: currency, grouped: true)
    }

    /// The amount in whole major units, `$1,200`, for a chart axis whose ticks all fall on whole units, where
    /// `.00` on every tick is noise. Minor units are dropped, so use it only for whole amounts.
    public var formattedWholeUnits: String {
        let sign = minorUnits < 0 ? "-" : ""
        let major = minorUnits.magnitude / UInt64(currency.minorUnitsPerMajor)
        return sign + currency.symbol + Self.groupThousands(String(major))
    }

    /// The amount as typed into a form field: `1234.56`, no symbol, no grouping.
    public var plainAmount: String {
        let sign = minorUnits < 0 ? "-" : ""
        return sign + Self.digits(of: minorUnits.magnitude, currency: currency, grouped: false)
    }

    private static func digits(of magnitude: UInt64, currency: Currency, grouped: Bool) -> String {
        let factor = UInt64(currency.minorUnitsPerMajor)
        let major = String(magnitude / factor)
        let majorText = grouped ? groupThousands(major) : major
        guard currency.minorUnitDigits > 0 else { return majorText }
        let minor = String(magnitude % factor)
        let padded = String(repeating: "0", count: currency.minorUnitDigits - minor.count) + minor
        return majorText + "." + padded
    }

    private static func groupThousands(_ digits: String) -> String {
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return groups.joined(separator: ",")
    }
}
