/// A change to the units on hand of one product: either by an amount (`adjustment`, like `+5` or `-2`) or to an
/// exact count (`on_hand`), always with a reason for the ledger.
public struct StockAdjustmentForm: Hashable, Sendable {
    public var adjustment: String
    public var onHand: String
    public var reason: String

    public init(adjustment: String, onHand: String, reason: String) {
        self.adjustment = adjustment
        self.onHand = onHand
        self.reason = reason
    }

    public static let maximumUnits = 1_000_000

    /// The new count on hand, given the count now; or what is wrong.
    public func validate(currentOnHand: Int) -> Result<(newOnHand: Int, reason: String), FormErrors> {
        var errors: [FieldError] = []
        let adjustmentText = adjustment.trimmingWhitespace()
        let onHandText = onHand.trimmingWhitespace()
        var newOnHand: Int?
        switch (adjustmentText.isEmpty, onHandText.isEmpty) {
        case (true, true):
            errors.append(FieldError(field: "adjustment", message: "Enter a change in units, like +5 or -2, or a new count on hand."))
        case (false, false):
            errors.append(FieldError(field: "adjustment", message: "Enter either a change in units or a new count on hand, not both."))
        case (false, true):
            if let change = Self.wholeNumber(adjustmentText, allowSign: true), change != 0 {
                newOnHand = currentOnHand + change
            } else {
                errors.append(FieldError(field: "adjustment", message: "Enter the change as a whole number of units, like +5 or -2."))
            }
        case (true, false):
            if let count = Self.wholeNumber(onHandText, allowSign: false) {
                newOnHand = count
            } else {
                errors.append(FieldError(field: "on_hand", message: "Enter the count on hand as a whole number of units, like 12."))
            }
        }
        if let value = newOnHand, value < 0 {
            errors.append(FieldError(
                field: adjustmentText.isEmpty ? "on_hand" : "adjustment",
                message: "That would leave \(value) units on hand; stock cannot go below zero (there are \(currentOnHand))."))
            newOnHand = nil
        } else if let value = newOnHand, value > Self.maximumUnits {
            errors.append(FieldError(field: adjustmentText.isEmpty ? "on_hand" : "adjustment", message: "That is more units than Deskflow can count."))
            newOnHand = nil
        }
        let reason = TextField("reason", label: "Reason", maximumLength: 200).check(self.reason, into: &errors)
        guard errors.isEmpty, let newOnHand, let reason else { return .failure(FormErrors(errors)) }
        return .success((newOnHand, reason))
    }

    private static func wholeNumber(_ text: String, allowSign: Bool) -> Int? {
        var digits = Substring(text)
        var sign = 1
        if allowSign, let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else { return nil }
        return sign * value
    }
}

/// One product's stock: units on hand, units held for open orders, and what is left to sell.
public struct StockLevel: Hashable, Sendable {
    public var sku: String
    public var name: String
    public var onHand: Int
    public var committed: Int

    public init(sku: String, name: String, onHand: Int, committed: Int) {
        self.sku = sku
        self.name = name
        self.onHand = onHand
        self.committed = committed
    }

    public var available: Int { onHand - committed }
}
