import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// The order as the storefront sees it, or `nil` when there is no order with that number.
    public func orderDocument(number: Int) async throws -> OrderDocument? {
        try await client.withSnapshot(logger: logger) { connection in
            guard let record = try await Self.order(number: number, on: connection, logger: logger) else { return nil }
            return try await Self.document(of: record, on: connection, logger: logger)
        }
    }

    /// Read inside a transaction, so a webhook carries the order exactly as the change left it.
    static func document(of record: OrderRow, on connection: PostgresConnection, logger: Logger) async throws -> OrderDocument {
        OrderDocument(try await snapshot(of: record, on: connection, logger: logger), updatedAt: record.updatedAt)
    }

    /// Orders changed at or after `since`, oldest change first, `limit` of them after `cursor`, each with the cursor
    /// that follows it. Read in one snapshot, so the page is one moment's view.
    ///
    /// A cursor's moment is `updated_at` in UTC as SQLite writes it ("2026-11-27 12:00:00.000"): every date is stored
    /// to the whole millisecond, so it names the stored value exactly, and a cursor reads the same on either engine.
    public func orderDocuments(
        changedSince since: Date?, after cursor: OrderChangeCursor?, limit: Int
    ) async throws -> [(document: OrderDocument, cursor: OrderChangeCursor)] {
        try await client.withSnapshot(logger: logger) { connection in
            var query: PostgresQuery = """
                SELECT \(unescaped: OrderRow.columns),
                  to_char(orders.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS cursor_moment
                FROM orders WHERE true
                """
            if let since {
                query.sql += " AND orders.updated_at >= $\(query.binds.count + 1)"
                query.binds.append(since.stored)
            }
            if let cursor {
                query.sql += " AND (orders.updated_at, orders.id) > (($\(query.binds.count + 1))::timestamp AT TIME ZONE 'UTC', $\(query.binds.count + 2))"
                query.binds.append(cursor.updatedAt)
                query.binds.append(cursor.orderID)
            }
            query.sql += " ORDER BY orders.updated_at, orders.id LIMIT $\(query.binds.count + 1)"
            query.binds.append(limit)

            var found: [(OrderRow, String)] = []
            for try await row in try await connection.queryWhileOpen(query, logger: logger) {
                found.append((try OrderRow(row), try row.makeRandomAccess().value("cursor_moment", as: String.self)))
            }
            var page: [(document: OrderDocument, cursor: OrderChangeCursor)] = []
            for (record, moment) in found {
                page.append(
                    (try await Self.document(of: record, on: connection, logger: logger),
                     OrderChangeCursor(updatedAt: moment, orderID: record.id)))
            }
            return page
        }
    }
}
