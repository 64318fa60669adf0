/// Why a typed amount was refused. Each case carries the sentence a manager sees next to the field.
public enum MoneyParseError: Error, Equatable, Sendable {
    case empty
    case negative
    case exponent
    case tooManyDecimals(Currency)
    case misplacedGrouping
    case notANumber
    case tooLarge

    public var message: String {
        switch self {
        case .empty:
            return "Enter an amount, for example 12.50."
        case .negative:
            return "Enter an amount of zero or more, without a minus sign."
        case .exponent:
            return "Enter the amount in plain digits, for example 1000 rather than 1e3."
        case .tooManyDecimals(let currency) where currency.minorUnitDigits == 0:
            return "\(currency.code) amounts are whole numbers, with no decimal places."
        case .tooManyDecimals(let currency):
            return "\(currency.code) amounts have at most \(currency.minorUnitDigits) decimal places."
        case .misplacedGrouping:
            return "Put commas only between groups of three digits, for example 1,234.56."
        case .notANumber:
            return "Enter the amount in digits, for example 12.50 or 1,234.56."
        case .tooLarge:
            return "That amount is too large."
        }
    }
}

extension Money {
    /// Strictly parses an amount typed by a manager: `12`, `12.5`, `12.50` and `1,234.56` are accepted;
    /// signs, exponents, extra decimals, stray characters and empty text are refused.
    public static func parse(_ text: String, currency: Currency) -> Result<Money, MoneyParseError> {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .failure(.empty) }
        if trimmed.hasPrefix("-") || trimmed.hasPrefix("−") { return .failure(.negative) }
        if trimmed.contains(where: { $0 == "e" || $0 == "E" }),
            trimmed.allSatisfy({ $0.isASCIIDigit || ".,eE+-".contains($0) })
        {
            return .failure(.exponent)
        }
        guard trimmed.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else { return .failure(.notANumber) }

        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return .failure(.notANumber) }
        let wholeText = parts[0]
        let fractionText = parts.count == 2 ? parts[1] : ""
        guard !wholeText.isEmpty, !(parts.count == 2 && fractionText.isEmpty) else { return .failure(.notANumber) }
        guard !fractionText.contains(",") else { return .failure(.misplacedGrouping) }
        guard fractionText.count <= currency.minorUnitDigits else { return .failure(.tooManyDecimals(currency)) }

        guard let wholeDigits = ungrouped(wholeText) else { return .failure(.misplacedGrouping) }
        let paddedFraction = fractionText + String(repeating: "0", count: currency.minorUnitDigits - fractionText.count)
        guard let whole = Int64(wholeDigits),
            let fraction = paddedFraction.isEmpty ? 0 : Int64(paddedFraction)
        else { return .failure(.tooLarge) }
        let (scaled, overflowed) = whole.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        guard !overflowed, scaled <= Int64.max - fraction else { return .failure(.tooLarge) }
        return .success(Money(minorUnits: scaled + fraction, currency: currency))
    }

    /// Digits with their thousands separators removed, or `nil` when the commas are not between groups of three.
    private static func ungrouped(_ text: Substring) -> String? {
        guard text.contains(",") else { return String(text) }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return groups.joined()
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
