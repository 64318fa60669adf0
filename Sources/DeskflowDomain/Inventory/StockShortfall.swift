/// A line of an order that the shelf cannot fill: how many are needed, how many are there, how many short.
public struct StockShortfall: Hashable, Sendable {
    public var sku: String
    public var name: String
    public var needed: Int
    public var onHand: Int

    public var short: Int { needed - onHand }

    /// Each SKU of the order whose units on hand are fewer than the order needs.
    public static func of(_ lines: [LineItem], stock: [StockLevel]) -> [StockShortfall] {
        let onHand = Dictionary(stock.map { ($0.sku, $0.onHand) }, uniquingKeysWith: { first, _ in first })
        var needed: [String: (name: String, units: Int)] = [:]
        for line in lines { needed[line.sku, default: (line.name, 0)].units += line.quantity }
        return needed.keys.sorted().compactMap { sku in
            let want = needed[sku]!
            let have = onHand[sku] ?? 0
            return have < want.units ? StockShortfall(sku: sku, name: want.name, needed: want.units, onHand: have) : nil
        }
    }

    /// "APR-LIN-02 needs 3, 0 on hand (short by 3)"
    public var description: String { "\(sku) needs \(needed), \(onHand) on hand (short by \(short))" }
}
