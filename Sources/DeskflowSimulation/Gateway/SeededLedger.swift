import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite
import GRDB

/// Writes the payment calls the seeder made up into the simulated provider's ledger, inside the seeding transaction,
/// `chunk` rows to an `INSERT`: a million seeded orders stand for some two and a half million calls.
struct SeededLedger: SeededPaymentCallLedger {
    static let chunk = 64
    static let chunkSQL = insertSQL(rows: chunk)

    func record(_ calls: [SeededPaymentCall], in transaction: SharedTransaction) throws {
        let db = transaction.db
        let columns = GatewayTransactionRecord.Columns.allCases
        var start = calls.startIndex
        while start < calls.endIndex {
            let end = min(start + Self.chunk, calls.endIndex)
            // The full chunks share one cached statement; the last, shorter one happens once per batch.
            let statement = end - start == Self.chunk
                ? try db.cachedStatement(sql: Self.chunkSQL)
                : try db.makeStatement(sql: Self.insertSQL(rows: end - start))
            var values: [DatabaseValue] = []
            values.reserveCapacity((end - start) * columns.count)
            for call in calls[start..<end] {
                let record = GatewayTransactionRecord(call)
                for column in columns { values.append(record.value(column)) }
            }
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
            start = end
        }
    }

    static func insertSQL(rows: Int) -> String {
        let columns = GatewayTransactionRecord.Columns.allCases
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(GatewayTransactionRecord.databaseTableName) (\(columns.map(\.rawValue).joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }
}

extension GatewayTransactionRecord {
    /// The provider's record of a seeded call: a final answer, given at the first attempt.
    init(_ call: SeededPaymentCall) {
        self.init(
            idempotencyKey: call.idempotencyKey, kind: call.kind, orderNumber: call.orderNumber, amountMinor: call.amountMinor,
            cardLast4: call.cardLast4, succeeded: call.succeeded, isFinal: true, reference: call.reference,
            failureCode: call.failureCode, failureMessage: call.failureMessage, attempts: 1, createdAt: call.createdAt)
    }
}
