import DeskflowStore
@_spi(SharedDatabase) import DeskflowStorePostgres
import Logging
import PostgresNIO

/// The same ledger on PostgreSQL, where every statement is awaited: the store's placement and seeding hand it their
/// transaction, and the calls are written on its connection, so they commit or roll back with the store's rows.
extension SeededLedger: AwaitingPaymentCallLedger {
    static let logger = Logger(label: "deskflow.simulation.ledger")

    func record(_ calls: [SeededPaymentCall], awaitingIn transaction: SharedTransaction) async throws {
        let connection = transaction.postgresConnection
        var start = calls.startIndex
        while start < calls.endIndex {
            let end = min(start + Self.chunk, calls.endIndex)
            var binds = PostgresBindings(capacity: (end - start) * GatewayTransactionRecord.Columns.allCases.count)
            for call in calls[start..<end] {
                let record = GatewayTransactionRecord(call)
                binds.append(record.idempotencyKey)
                binds.append(record.kind)
                binds.append(record.orderNumber)
                binds.append(record.amountMinor)
                binds.append(record.cardLast4)
                binds.append(record.succeeded)
                binds.append(record.isFinal)
                binds.append(record.reference)
                binds.append(record.failureCode)
                binds.append(record.failureMessage)
                binds.append(record.attempts)
                binds.append(record.createdAt.stored)
            }
            try await connection.perform(
                PostgresQuery(unsafeSQL: Self.postgresInsertSQL(rows: end - start), binds: binds), logger: Self.logger)
            start = end
        }
    }

    /// `insertSQL` with PostgreSQL's numbered parameters.
    static func postgresInsertSQL(rows: Int) -> String {
        let columns = GatewayTransactionRecord.Columns.allCases
        let values = (0..<rows).map { row in
            "(" + (1...columns.count).map { "$\(row * columns.count + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT INTO \(GatewayTransactionRecord.databaseTableName) (\(columns.map(\.rawValue).joined(separator: ", "))) VALUES "
            + values.joined(separator: ", ")
    }
}
