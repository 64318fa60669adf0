import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

struct CancellationRow: DefinedRecord {
    var id: Int64?
    var orderId: Int64
    var reason: CancelReason
    var note: String
    var refundMinor: Int64
    var voidMinor: Int64
    var currency: Currency
    var restocked: Bool
    var notified: Bool
    var staffId: Int64?
    var staffName: String
    var createdAt: Date

    static let table = TableDefinition<CancellationRow>("cancellations", [
        .id(\.id),
        .init("order_id", \.orderId),
        .init("reason", \.reason),
        .init("note", \.note),
        .init("refund_minor", \.refundMinor),
        .init("void_minor", \.voidMinor),
        .init("currency", \.currency),
        .init("restocked", \.restocked),
        .init("notified", \.notified),
        .init("staff_id", \.staffId),
        .init("staff_name", \.staffName),
        .init("created_at", \.createdAt),
    ])
}
