import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite
import Foundation
import GRDB

/// One row of the simulated provider's ledger: a call under an idempotency key and the answer kept for it.
struct GatewayTransactionRecord: FetchableRecord, PersistableRecord, Hashable, Sendable {
    static let databaseTableName = "gateway_transactions"

    /// The table's columns, in the order they were created: they drive decoding, encoding and the seeded inserts.
    enum Columns: String, ColumnExpression, CaseIterable {
        case idempotencyKey = "idempotency_key"
        case kind
        case orderNumber = "order_number"
        case amountMinor = "amount_minor"
        case cardLast4 = "card_last4"
        case succeeded
        case isFinal = "is_final"
        case reference
        case failureCode = "failure_code"
        case failureMessage = "failure_message"
        case attempts
        case createdAt = "created_at"
    }

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

    init(
        idempotencyKey: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, succeeded: Bool,
        isFinal: Bool, reference: String?, failureCode: String?, failureMessage: String?, attempts: Int, createdAt: Date
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.orderNumber = orderNumber
        self.amountMinor = amountMinor
        self.cardLast4 = cardLast4
        self.succeeded = succeeded
        self.isFinal = isFinal
        self.reference = reference
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.attempts = attempts
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        idempotencyKey = row[Columns.idempotencyKey]
        kind = row[Columns.kind]
        orderNumber = row[Columns.orderNumber]
        amountMinor = row[Columns.amountMinor]
        cardLast4 = row[Columns.cardLast4]
        succeeded = row[Columns.succeeded]
        isFinal = row[Columns.isFinal]
        reference = row[Columns.reference]
        failureCode = row[Columns.failureCode]
        failureMessage = row[Columns.failureMessage]
        attempts = row[Columns.attempts]
        createdAt = row[Columns.createdAt]
    }

    func encode(to container: inout PersistenceContainer) throws {
        for column in Columns.allCases { container[column] = value(column) }
    }

    /// The value stored in `column`. The date is written as the text GRDB writes for it, without GRDB's formatter, which
    /// would cost more than the insert when millions of seeded calls are written.
    func value(_ column: Columns) -> DatabaseValue {
        switch column {
        case .idempotencyKey: idempotencyKey.databaseValue
        case .kind: kind.databaseValue
        case .orderNumber: orderNumber.databaseValue
        case .amountMinor: amountMinor.databaseValue
        case .cardLast4: cardLast4.databaseValue
        case .succeeded: succeeded.databaseValue
        case .isFinal: isFinal.databaseValue
        case .reference: reference.databaseValue
        case .failureCode: failureCode.databaseValue
        case .failureMessage: failureMessage.databaseValue
        case .attempts: attempts.databaseValue
        case .createdAt: databaseDateText(createdAt).databaseValue
        }
    }
}
