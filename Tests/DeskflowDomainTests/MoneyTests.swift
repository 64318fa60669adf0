import Testing

@testable import DeskflowDomain

@Suite("Money")
struct MoneyTests {
    @Test(
        "accepts the ways managers type amounts",
        arguments: [
            ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("1,234.56", 123_456), ("0", 0), ("0.01", 1),
            (" 7.00 ", 700), ("1,000,000", 100_000_000), ("999", 99_900),
        ] as [(String, Int64)]
    )
    func acceptsValidAmounts(text: String, minorUnits: Int64) {
        #expect(Money.parse(text, currency: .usd) == .success(Money(minorUnits: minorUnits, currency: .usd)))
    }

    @Test(
        "refuses anything else with a reason",
        arguments: [
            ("", MoneyParseError.empty), ("   ", .empty), ("-5", .negative), ("−5", .negative),
            ("1e3", .exponent), ("1E3", .exponent), ("2.5e-1", .exponent), ("12.345", .tooManyDecimals(.usd)),
            ("abc", .notANumber), ("$12", .notANumber), ("12.", .notANumber), (".5", .notANumber),
            ("1.2.3", .notANumber), ("12,34", .misplacedGrouping), ("1,23,456", .misplacedGrouping),
            ("1234,567.1", .misplacedGrouping), ("12.3,4", .misplacedGrouping), ("1 000", .notANumber),
            ("99999999999999999999", .tooLarge), ("92233720368547758.08", .tooLarge),
        ] as [(String, MoneyParseError)]
    )
    func refusesInvalidAmounts(text: String, error: MoneyParseError) {
        #expect(Money.parse(text, currency: .usd) == .failure(error))
    }

    @Test("parses the largest amount that fits, and refuses one cent more")
    func largestAmount() {
        #expect(Money.parse("92233720368547758.07", currency: .usd) == .success(Money(minorUnits: .max, currency: .usd)))
        #expect(Money.parse("92233720368547758.08", currency: .usd) == .failure(.tooLarge))
    }

    @Test("a currency without minor units refuses any decimals")
    func wholeCurrency() {
        #expect(Money.parse("1,200", currency: .jpy) == .success(Money(minorUnits: 1200, currency: .jpy)))
        #expect(Money.parse("1.5", currency: .jpy) == .failure(.tooManyDecimals(.jpy)))
        #expect(MoneyParseError.tooManyDecimals(.jpy).message == "JPY amounts are whole numbers, with no decimal places.")
    }

    @Test(
        "formats for reading and for form fields",
        arguments: [
            (0, "$0.00", "0.00"), (1, "$0.01", "0.01"), (1250, "$12.50", "12.50"), (123_456_789, "$1,234,567.89", "1234567.89"),
            (-500, "-$5.00", "-5.00"), (100_000, "$1,000.00", "1000.00"),
        ] as [(Int64, String, String)]
    )
    func formats(minorUnits: Int64, formatted: String, plain: String) {
        let money = Money(minorUnits: minorUnits, currency: .usd)
        #expect(money.formatted == formatted)
        #expect(money.plainAmount == plain)
    }

    @Test("formats currencies without minor units")
    func formatsYen() {
        #expect(Money(minorUnits: 1_200, currency: .jpy).formatted == "¥1,200")
        #expect(Money(minorUnits: 1_200, currency: .eur).formatted == "€12.00")
    }

    @Test(
        "formats whole amounts without minor digits, for chart axes",
        arguments: [
            (0, Currency.usd, "$0"), (500, .usd, "$5"), (120_000, .usd, "$1,200"), (-500, .usd, "-$5"),
            (100_000_000, .eur, "€1,000,000"), (1_200, .jpy, "¥1,200"),
        ] as [(Int64, Currency, String)]
    )
    func formatsWholeUnits(minorUnits: Int64, currency: Currency, expected: String) {
        #expect(Money(minorUnits: minorUnits, currency: currency).formattedWholeUnits == expected)
    }

    @Test("every parse refusal explains itself")
    func messages() {
        let errors: [MoneyParseError] = [.empty, .negative, .exponent, .tooManyDecimals(.usd), .misplacedGrouping, .notANumber, .tooLarge]
        for error in errors { #expect(!error.message.isEmpty) }
        #expect(MoneyParseError.tooManyDecimals(.usd).message == "USD amounts have at most 2 decimal places.")
    }

    @Test("arithmetic and clamping")
    func arithmetic() {
        let ten = Money(minorUnits: 1000, currency: .usd)
        let three = Money(minorUnits: 300, currency: .usd)
        #expect((ten - three).minorUnits == 700)
        #expect((three - ten).clampedToZero == .zero(.usd))
        #expect((three * 3).minorUnits == 900)
        #expect(three < ten)
    }

    @Test("currencies are looked up by code")
    func currencyLookup() {
        #expect(Currency(code: "usd") == .usd)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency.jpy.minorUnitsPerMajor == 1)
    }
}
