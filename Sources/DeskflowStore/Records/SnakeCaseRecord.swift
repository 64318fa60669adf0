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
