import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The order as the storefront sees it, or `nil` when there is no order with that number.
    public func orderDocument(number: Int) async throws -> OrderDocument? {
        try await pool.read { db in try Self.orderDocument(number: number, db) }
    }

    /// Read inside a transaction, so a webhook carries the order exactly as the change left it.
    static func orderDocument(number: Int, _ db: Database) throws -> OrderDocument? {
        guard let record = try OrderRecord.filter(Column("number") == number).fetchOne(db) else { return nil }
        return try document(of: record, db)
    }

    static func document(of record: OrderRecord, _ db: Database) throws -> OrderDocument {
        OrderDocument(try snapshot(of: record, db), updatedAt: record.updatedAt)
    }
}

extension SQLiteStore {
    /// Orders changed at or after `since`, oldest change first, `limit` of them after `cursor`, each with the cursor
    /// that follows it. Read in one transaction, so the page is one moment's view.
    public func orderDocuments(
        changedSince since: Date?, after cursor: OrderChangeCursor?, limit: Int
    ) async throws -> [(document: OrderDocument, cursor: OrderChangeCursor)] {
        try await pool.read { db in
            var request = OrderRecord.all()
            if let since { request = request.filter(Column("updated_at") >= since) }
            if let cursor {
                request = request.filter(
                    Column("updated_at") > cursor.updatedAt
                        || (Column("updated_at") == cursor.updatedAt && Column("id") > cursor.orderID))
            }
            // Each row read once: the record, and its `updated_at` exactly as stored for the cursor.
            let rows = try Row.fetchAll(db, request.order(Column("updated_at"), Column("id")).limit(limit))
            return try rows.map { row in
                let record = try OrderRecord(row: row)
                return (try Self.document(of: record, db), OrderChangeCursor(updatedAt: row["updated_at"], orderID: record.id!))
            }
        }
    }
}
