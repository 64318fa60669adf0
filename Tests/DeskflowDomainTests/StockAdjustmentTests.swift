import Testing

@testable import DeskflowDomain

@Suite("Stock adjustments")
struct StockAdjustmentTests {
    static let wholeChange = "Enter the change as a whole number of units, like +5 or -2."
    static let wholeCount = "Enter the count on hand as a whole number of units, like 12."

    /// Validates against 10 units on hand.
    static func validate(adjustment: String = "", onHand: String = "", reason: String = "Recount")
        -> Result<(newOnHand: Int, reason: String), FormErrors>
    {
        StockAdjustmentForm(adjustment: adjustment, onHand: onHand, reason: reason).validate(currentOnHand: 10)
    }

    static func errors(adjustment: String = "", onHand: String = "", reason: String = "Recount") -> [FieldError] {
        guard case .failure(let errors) = validate(adjustment: adjustment, onHand: onHand, reason: reason) else { return [] }
        return errors.errors
    }

    @Test(
        "a change in units is added to the count on hand",
        arguments: [("+5", 15), ("-2", 8), ("5", 15), (" +5 ", 15), ("-10", 0), ("+0000003", 13), ("+999990", 1_000_000)]
    )
    func adjustment(text: String, expected: Int) throws {
        let result = try Self.validate(adjustment: text).get()
        #expect(result.newOnHand == expected)
        #expect(result.reason == "Recount")
    }

    @Test(
        "a new count on hand replaces it",
        arguments: [("0", 0), ("12", 12), (" 7 ", 7), ("1000000", 1_000_000)]
    )
    func setOnHand(text: String, expected: Int) throws {
        #expect(try Self.validate(onHand: text).get().newOnHand == expected)
    }

    @Test(
        "a change that is not a non-zero whole number is refused",
        arguments: ["0", "+0", "-0", "1.5", "abc", "+", "-", "5a", "1e3", "--2", "+-2", "1,000", "½", "١", "12345678"]
    )
    func badAdjustment(text: String) {
        #expect(Self.errors(adjustment: text) == [FieldError(field: "adjustment", message: Self.wholeChange)])
    }

    @Test("a count on hand that is not a whole number of units is refused", arguments: ["-3", "+3", "1.5", "abc", "12345678"])
    func badCount(text: String) {
        #expect(Self.errors(onHand: text) == [FieldError(field: "on_hand", message: Self.wholeCount)])
    }

    @Test("neither or both of change and count is refused")
    func neitherOrBoth() {
        #expect(
            Self.errors()
                == [FieldError(field: "adjustment", message: "Enter a change in units, like +5 or -2, or a new count on hand.")])
        #expect(
            Self.errors(adjustment: "  ", onHand: " ")
                == [FieldError(field: "adjustment", message: "Enter a change in units, like +5 or -2, or a new count on hand.")])
        #expect(
            Self.errors(adjustment: "+5", onHand: "3")
                == [FieldError(field: "adjustment", message: "Enter either a change in units or a new count on hand, not both.")])
    }

    @Test("stock never goes below zero, and the message says how many there are")
    func belowZero() {
        #expect(
            Self.errors(adjustment: "-11")
                == [FieldError(
                    field: "adjustment",
                    message: "That would leave -1 units on hand; stock cannot go below zero (there are 10).")])
    }

    @Test("more units than Deskflow counts are refused beside the field that was used")
    func tooMany() {
        let message = "That is more units than Deskflow can count."
        #expect(Self.errors(adjustment: "+999991") == [FieldError(field: "adjustment", message: message)])
        #expect(Self.errors(onHand: "1000001") == [FieldError(field: "on_hand", message: message)])
    }

    @Test("a reason is required, trimmed, and at most 200 characters")
    func reason() throws {
        #expect(try Self.validate(adjustment: "+1", reason: "  Found in back room ").get().reason == "Found in back room")
        #expect(try Self.validate(adjustment: "+1", reason: String(repeating: "r", count: 200)).get().reason.count == 200)
        #expect(Self.errors(adjustment: "+1", reason: " ") == [FieldError(field: "reason", message: "Enter the reason.")])
        #expect(
            Self.errors(adjustment: "+1", reason: String(repeating: "r", count: 201))
                == [FieldError(field: "reason", message: "The reason must be 200 characters or fewer; it has 201.")])
    }

    @Test("every problem is reported at once, the amount first")
    func severalProblems() {
        #expect(Self.errors(adjustment: "abc", reason: "").map(\.field) == ["adjustment", "reason"])
        #expect(Self.errors(onHand: "-1", reason: "").map(\.field) == ["on_hand", "reason"])
    }

    @Test("what is available is what is on hand less what is held for open orders")
    func available() {
        #expect(StockLevel(sku: "MUG-01", name: "Mug", onHand: 12, committed: 5).available == 7)
        #expect(StockLevel(sku: "MUG-01", name: "Mug", onHand: 0, committed: 11).available == -11)
    }

    // MARK: Shortfalls

    static func line(_ sku: String, _ quantity: Int) -> LineItem {
        LineItem(sku: sku, name: "Product \(sku)", quantity: quantity, unitPrice: Money(minorUnits: 100, currency: .usd))
    }

    static func level(_ sku: String, _ onHand: Int, committed: Int = 0) -> StockLevel {
        StockLevel(sku: sku, name: "Product \(sku)", onHand: onHand, committed: committed)
    }

    @Test("each SKU short is listed once, by SKU, with the units of all its lines")
    func shortfalls() {
        let lines = [Self.line("B", 1), Self.line("A", 2), Self.line("C", 4), Self.line("A", 1)]
        let shortfalls = StockShortfall.of(lines, stock: [Self.level("A", 2), Self.level("B", 5), Self.level("C", 0)])
        #expect(
            shortfalls == [
                StockShortfall(sku: "A", name: "Product A", needed: 3, onHand: 2),
                StockShortfall(sku: "C", name: "Product C", needed: 4, onHand: 0),
            ])
        #expect(shortfalls.map(\.short) == [1, 4])
    }

    @Test("nothing is short when the shelf holds exactly what the order needs, whatever is held for other orders")
    func noShortfall() {
        #expect(StockShortfall.of([Self.line("A", 3)], stock: [Self.level("A", 3, committed: 9)]) == [])
        #expect(StockShortfall.of([], stock: []) == [])
    }

    @Test("a SKU with no stock level counts as none on hand")
    func unknownSKU() {
        #expect(StockShortfall.of([Self.line("X", 2)], stock: []) == [StockShortfall(sku: "X", name: "Product X", needed: 2, onHand: 0)])
    }

    @Test("a shortfall reads like the warehouse's note")
    func shortfallDescription() {
        #expect(
            StockShortfall(sku: "APR-LIN-02", name: "Apron", needed: 3, onHand: 0).description
                == "APR-LIN-02 needs 3, 0 on hand (short by 3)")
    }
}
