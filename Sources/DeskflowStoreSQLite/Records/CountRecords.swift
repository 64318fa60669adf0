import DeskflowDomain
import DeskflowStore
import GRDB

/// An order count the `orders` triggers keep, per status (`status:processing`) and per open issue
/// (`issue:payment_failed`), so the list's filter tabs never count the orders themselves.
struct OrderCountRecord: DefinedRecord {
    var bucket: String
    var count: Int

    static let table = TableDefinition<OrderCountRecord>("order_counts", [
        .init("bucket", \.bucket, primaryKey: true),
        .init("count", \.count),
    ])
}

/// A message count the `outbox` triggers keep, per delivery state.
struct OutboxCountRecord: DefinedRecord {
    var state: DeliveryState
    var count: Int

    static let table = TableDefinition<OutboxCountRecord>("outbox_counts", [
        .init("state", \.state, primaryKey: true),
        .init("count", \.count),
    ])
}
