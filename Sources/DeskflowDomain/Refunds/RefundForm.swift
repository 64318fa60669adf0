import Foundation

/// A refund decided by a manager and checked against the order: the units and shipping it pays back, the amount,
/// and what else happens.
public struct RefundCommand: Hashable, Sendable {
    public var units: [String: Int]
    public var shipping: Bool
    public var amount: Money
    /// Put the refunded units back on the shelf: only for goods that shipped and came back.
    public var restock: Bool
    public var reason: RefundReason
    public var note: String
    public var notifyCustomer: Bool

    public init(
        units: [String: Int], shipping: Bool, amount: Money, restock: Bool, reason: RefundReason, note: String, notifyCustomer: Bool
    ) {
        self.units = units
        self.shipping = shipping
        self.amount = amount
        self.restock = restock
        self.reason = reason
        self.note = note
        self.notifyCustomer = notifyCustomer
    }

    public var restockedUnits: Int { restock ? units.values.reduce(0, +) : 0 }
}

/// The refund dialog's fields exactly as typed, so they can be shown again when something is wrong.
public struct RefundForm: Hashable, Sendable {
    /// Units typed for each SKU of the order; a SKU left blank is absent.
    public var quantities: [String: String]
    public var refundShipping: Bool
    public var refundAmount: String
    public var restock: Bool
    public var reason: String
    public var note: String
    public var notifyCustomer: Bool

    public init(
        quantities: [String: String], refundShipping: Bool, refundAmount: String, restock: Bool, reason: String, note: String,
        notifyCustomer: Bool
    ) {
        self.quantities = quantities
        self.refundShipping = refundShipping
        self.refundAmount = refundAmount
        self.restock = restock
        self.reason = reason
        self.note = note
        self.notifyCustomer = notifyCustomer
    }

    public static let maximumNoteLength = 500

    /// The field of one line's quantity.
    public static func quantityField(_ sku: String) -> String { "refund_quantity_\(sku)" }

    /// The dialog as it first opens: nothing chosen, no amount, restock ticked for goods that came back, the customer
    /// told.
    public static func defaults(for order: Order) -> RefundForm {
        RefundForm(
            quantities: [:], refundShipping: false, refundAmount: "", restock: RefundRules.canRestock(order), reason: "", note: "",
            notifyCustomer: true)
    }

    /// The units typed for each line that parse, each within what is left to refund; the rest are left out.
    public func readableUnits(for order: Order) -> [String: Int] {
        var units: [String: Int] = [:]
        for line in order.lines {
            if case .success(let count) = Self.units(quantities[line.sku] ?? "", line: line), count > 0 { units[line.sku] = count }
        }
        return units
    }

    /// What the chosen units and shipping come to, reading only what parses (for Calculate and the summary).
    public func quote(for order: Order) -> RefundQuote {
        RefundQuote.of(units: readableUnits(for: order), shipping: refundShipping && RefundRules.shippingRefundable(order), on: order)
    }

    /// The amount Calculate puts in the field: what the selection comes to, within what can still be refunded.
    public func calculatedAmount(for order: Order) -> Money {
        min(quote(for: order).total, order.payment.refundableBesideFailed)
    }

    /// Turns the typed form into a refund for this order, or says what is wrong with each field.
    ///
    /// With units or shipping chosen, the amount may be lowered below what they come to but never raised past it;
    /// left blank, it is what they come to. With nothing chosen, it is an amount of the manager's choosing (a
    /// goodwill refund). Either way it never passes what can still be refunded.
    public func validate(for order: Order) -> Result<RefundCommand, FormErrors> {
        var errors: [FieldError] = []
        let currency = order.currency
        var units: [String: Int] = [:]
        for line in order.lines {
            switch Self.units(quantities[line.sku] ?? "", line: line) {
            case .success(let count): if count > 0 { units[line.sku] = count }
            case .failure(let refused): errors.append(contentsOf: refused.errors)
            }
        }
        if refundShipping, !RefundRules.shippingRefundable(order) {
            errors.append(FieldError(field: "refund_shipping", message: RefundRules.shippingRefusal(order)))
        }
        let quote = RefundQuote.of(units: units, shipping: refundShipping && RefundRules.shippingRefundable(order), on: order)
        let refundable = order.payment.refundableBesideFailed
        var amount: Money?
        let typed = refundAmount.trimmingCharacters(in: .whitespaces)
        // A quantity that could not be read already says what is wrong; "choose something" would only repeat it.
        if typed.isEmpty {
            if quote.isEmpty, errors.isEmpty {
                errors.append(FieldError(
                    field: "refund_amount", message: "Choose the items or shipping to refund, or enter an amount to refund."))
            } else {
                amount = min(quote.total, refundable)
            }
        } else {
            switch Money.parse(typed, currency: currency) {
            case .failure(let error):
                errors.append(FieldError(field: "refund_amount", message: error.message))
            case .success(let typedAmount) where typedAmount.isZero:
                errors.append(FieldError(
                    field: "refund_amount", message: "Enter an amount more than \(Money.zero(currency).formatted)."))
            case .success(let typedAmount) where typedAmount > refundable:
                errors.append(FieldError(
                    field: "refund_amount",
                    message: "The most that can be refunded is \(refundable.formatted); enter that or less."))
            case .success(let typedAmount) where !quote.isEmpty && typedAmount > quote.total:
                errors.append(FieldError(
                    field: "refund_amount",
                    message: "The items and shipping chosen come to \(quote.total.formatted); enter that or less, or choose more to refund."))
            case .success(let typedAmount):
                amount = typedAmount
            }
        }
        if restock, !units.isEmpty, !RefundRules.canRestock(order) {
            errors.append(FieldError(field: "restock", message: RefundRules.restockRefusal(order)))
        }
        let chosenReason = RefundReason(rawValue: reason)
        if chosenReason == nil {
            errors.append(FieldError(field: "reason", message: "Choose why the money is being refunded."))
        }
        if note.count > Self.maximumNoteLength {
            errors.append(FieldError(
                field: "note", message: "The staff note must be \(Self.maximumNoteLength) characters or fewer; it has \(note.count)."))
        }
        guard errors.isEmpty, let amount, let chosenReason else { return .failure(FormErrors(errors)) }
        return .success(RefundCommand(
            units: units, shipping: quote.shipping.isPositive, amount: amount, restock: restock && !units.isEmpty, reason: chosenReason,
            note: note, notifyCustomer: notifyCustomer))
    }

    /// A line's typed quantity: blank is none; otherwise a whole number from 0 to the units not yet refunded.
    static func units(_ text: String, line: LineItem) -> Result<Int, FormErrors> {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if typed.isEmpty { return .success(0) }
        let left = line.refundableQuantity
        let field = quantityField(line.sku)
        guard typed.count <= 9, typed.allSatisfy(\.isASCIIDigit), let count = Int(typed) else {
            return .failure(FormErrors([FieldError(
                field: field, message: "Enter the number of \(line.name) to refund as a whole number from 0 to \(left).")]))
        }
        guard count <= left else {
            let already = line.refundedQuantity > 0 ? " (\(line.refundedQuantity) already refunded)" : ""
            return .failure(FormErrors([FieldError(
                field: field, message: "Only \(left) of \(line.name) can be refunded\(already); enter \(left) or fewer.")]))
        }
        return .success(count)
    }
}
