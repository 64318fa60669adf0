import Foundation
import GRDB

struct CancellationRow: SnakeCaseRecord {
    static let databaseTableName = "cancellations"

    var id: Int64?
    var orderId: Int64
    var reason: String
    var note: String
    var refundMinor: Int64
    var voidMinor: Int64
    var currency: String
    var restocked: Bool
    var notified: Bool
    var staffId: Int64?
    var staffName: String
    var createdAt: Date
}

struct GatewayTransactionRecord: SnakeCaseRecord {
    static let databaseTableName = "gateway_transactions"

    var idempotencyKey: String
    /// `authorization`, `capture`, `charge`, `refund` or `void`.
    var kind: String
    var orderNumber: Int
    var amountMinor: Int64
    var cardLast4: String?
    var succeeded: Bool
    var isFinal: Bool
    var reference: String?
    var failureCode: String?
    var failureMessage: String?
    var attempts: Int
    var createdAt: Date
}

extension GatewayTransactionRecord: PersistableRecord {}
