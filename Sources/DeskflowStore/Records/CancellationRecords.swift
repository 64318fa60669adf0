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
