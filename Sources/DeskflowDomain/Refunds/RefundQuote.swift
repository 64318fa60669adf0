/// What the chosen units and shipping of an order come to when refunded: each line's price with its share of the
/// order's tax, and the shipping charge. Tax is charged on the goods (the checkout taxes the subtotal), so each line
/// carries tax in proportion to its price, rounded half up to the minor unit line by line, as a receipt would.
public struct RefundQuote: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public var sku: String
        public var units: Int
        public var goods: Money
        public var tax: Money

        public var total: Money { goods + tax }
    }

    public var lines: [Line]
    public var shipping: Money

    public init(lines: [Line], shipping: Money) {
        self.lines = lines
        self.shipping = shipping
    }

    public var goods: Money { lines.reduce(.zero(shipping.currency)) { $0 + $1.goods } }
    public var tax: Money { lines.reduce(.zero(shipping.currency)) { $0 + $1.tax } }
    /// What the selection comes to: goods, their tax, and shipping.
    public var total: Money { goods + tax + shipping }
    public var units: Int { lines.reduce(0) { $0 + $1.units } }
    /// Nothing was chosen: no unit and no shipping.
    public var isEmpty: Bool { units == 0 && shipping.isZero }

    /// The quote for `units` of each SKU (absent means none; never more than the line holds) and, when `shipping` is
    /// set, the shipping charge.
    public static func of(units: [String: Int], shipping: Bool, on order: Order) -> RefundQuote {
        let totals = order.totals
        let lines = order.lines.compactMap { line -> Line? in
            let count = min(units[line.sku] ?? 0, line.quantity)
            guard count > 0 else { return nil }
            let goods = line.unitPrice * count
            return Line(sku: line.sku, units: count, goods: goods, tax: taxShare(of: goods, totals: totals))
        }
        return RefundQuote(lines: lines, shipping: shipping ? totals.shipping : .zero(order.currency))
    }

    /// `goods`' share of the order's tax: tax × goods ÷ subtotal, rounded half up, in full width so that no amount
    /// Deskflow accepts can overflow.
    static func taxShare(of goods: Money, totals: OrderTotals) -> Money {
        let subtotal = totals.subtotal.minorUnits
        guard subtotal > 0, goods.minorUnits > 0, totals.tax.minorUnits > 0 else { return .zero(goods.currency) }
        let product = totals.tax.minorUnits.magnitude.multipliedFullWidth(by: goods.minorUnits.magnitude)
        let doubled = (high: product.high << 1 | product.low >> 63, low: product.low << 1)
        let (sum, carry) = doubled.low.addingReportingOverflow(subtotal.magnitude)
        let (quotient, _) = (2 * subtotal.magnitude).dividingFullWidth((high: doubled.high + (carry ? 1 : 0), low: sum))
        return Money(minorUnits: Int64(quotient), currency: goods.currency)
    }
}
