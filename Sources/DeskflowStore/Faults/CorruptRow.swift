/// A row holding a value this version of Deskflow cannot read as what it was written as: an unknown status or kind,
/// written by hand, by a newer version, or by damage. It names the row so it can be found and repaired;
/// `deskflow check` lists every such row.
public struct CorruptRow: Error, Hashable, Sendable, CustomStringConvertible {
    public var table: String
    public var column: String
    /// The value stored, `nil` for NULL.
    public var value: String?
    /// The row's primary key, as text.
    public var key: String?
    /// The order the row is or belongs to, when known.
    public var orderNumber: Int?

    public init(table: String, column: String, value: String?, key: String?, orderNumber: Int?) {
        self.table = table
        self.column = column
        self.value = value
        self.key = key
        self.orderNumber = orderNumber
    }

    /// The same row, known to belong to order `number`.
    public func onOrder(_ number: Int) -> CorruptRow {
        var row = self
        row.orderNumber = row.orderNumber ?? number
        return row
    }

    /// As `deskflow check` words it: `order #1001: unknown payment_status 'shipped'`,
    /// `refunds row 7 (order #1001): unknown status 'lost'`.
    public var description: String {
        let value = self.value.map { "'\($0)'" } ?? "NULL"
        if table == "orders", let orderNumber { return "order #\(orderNumber): unknown \(column) \(value)" }
        var row = "\(table) row \(key ?? "?")"
        if let orderNumber { row += " (order #\(orderNumber))" }
        return "\(row): unknown \(column) \(value)"
    }
}
