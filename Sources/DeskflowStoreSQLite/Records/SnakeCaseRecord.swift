import GRDB

/// Records whose Swift properties are camelCase and whose columns are snake_case.
protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension SnakeCaseRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

// Records keyed by a natural key need no id back after insertion, so they can be inserted as values.
extension ProductRecord: PersistableRecord {}
extension StockLevelRecord: PersistableRecord {}
extension SessionRecord: PersistableRecord {}
extension IdempotencyRecord: PersistableRecord {}
extension APIRequestRecord: PersistableRecord {}

/// Records with an auto-incremented `id`, filled in once inserted.
protocol AutoIncrementedRecord: SnakeCaseRecord {
    var id: Int64? { get set }
}

extension AutoIncrementedRecord {
    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension LineItemRecord: AutoIncrementedRecord {}
extension InventoryLedgerRecord: AutoIncrementedRecord {}
extension PaymentRecord: AutoIncrementedRecord {}
extension RefundRecord: AutoIncrementedRecord {}
extension OrderEventRecord: AutoIncrementedRecord {}
extension OutboxRecord: AutoIncrementedRecord {}
extension SignInAttemptRecord: AutoIncrementedRecord {}
extension CancellationRow: AutoIncrementedRecord {}
extension OrderRecord: AutoIncrementedRecord {}
extension CustomerRecord: AutoIncrementedRecord {}
extension StaffUserRecord: AutoIncrementedRecord {}
extension APITokenRecord: AutoIncrementedRecord {}
