import DeskflowDomain
import DeskflowStore

/// A column holding a code (a status, a kind, a role, a currency): every value this version knows, anything else is
/// damage. SQLite's engine reads this from its records' table definitions; here it is listed, in the same order
/// (tables as `StoreTables.all` lists them, columns as each table defines them), so `deskflow check` reports alike.
struct CodeColumn: Sendable {
    var table: String
    var column: String
    var knownValues: [String]
    var isNullable: Bool

    init<Code: RawRepresentable<String> & CaseIterable>(
        _ table: String, _ column: String, _ code: Code.Type, nullable: Bool = false
    ) {
        self.init(table, column, knownValues: code.allCases.map(\.rawValue), nullable: nullable)
    }

    init(_ table: String, _ column: String, knownValues: [String], nullable: Bool = false) {
        self.table = table
        self.column = column
        self.knownValues = knownValues
        self.isNullable = nullable
    }

    /// How a damaged row is named: orders by their number, other rows by their primary key as text.
    var rowName: String {
        switch table {
        case "orders": "number::text"
        case "products": "sku"
        case "outbox_counts": "state"
        default: "id::text"
        }
    }

    static let currencies = Currency.supported.map(\.code)

    static let all: [CodeColumn] = [
        CodeColumn("products", "currency", knownValues: currencies),
        CodeColumn("orders", "status", OrderStatus.self),
        CodeColumn("orders", "payment_status", PaymentStatus.self),
        CodeColumn("orders", "fulfillment_status", FulfillmentStatus.self),
        CodeColumn("orders", "issue_kind", IssueKind.self, nullable: true),
        CodeColumn("orders", "currency", knownValues: currencies),
        CodeColumn("orders", "cancel_reason", CancelReason.self, nullable: true),
        CodeColumn("orders", "payment_provider", PaymentProvider.self),
        CodeColumn("payments", "kind", PaymentKind.self),
        CodeColumn("payments", "status", CallState.self),
        CodeColumn("refunds", "status", RefundState.self),
        CodeColumn("refunds", "reason", RefundReason.self, nullable: true),
        CodeColumn("order_events", "kind", OrderEventKind.self),
        CodeColumn("staff_users", "role", StaffRole.self),
        CodeColumn("outbox", "state", DeliveryState.self),
        CodeColumn("cancellations", "reason", CancelReason.self),
        CodeColumn("cancellations", "currency", knownValues: currencies),
        CodeColumn("outbox_counts", "state", DeliveryState.self),
        CodeColumn("api_tokens", "role", StaffRole.self),
    ]
}
