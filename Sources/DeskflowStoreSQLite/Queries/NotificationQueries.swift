import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Messages newest first, optionally in one state; keyset-paged by id.
    public func notifications(state: DeliveryState?, before: Int64?, limit: Int) async throws -> (items: [NotificationSummary], next: Int64?) {
        try await pool.read { db in
            var request = OutboxRecord.all()
            if let state { request = request.filter(Column("state") == state.rawValue) }
            if let before { request = request.filter(Column("id") < before) }
            let records = try request.order(Column("id").desc).limit(limit + 1).fetchAll(db)
            let page = Array(records.prefix(limit))
            let numbers = try Self.orderNumbers(ids: page.compactMap(\.orderId), db)
            return (
                page.map { $0.summary(orderNumber: $0.orderId.flatMap { numbers[$0] }) },
                records.count > limit ? page.last?.id : nil
            )
        }
    }

    /// How many messages are in each state, from the counts the outbox's triggers keep; a state with none is absent.
    public func notificationCounts() async throws -> [DeliveryState: Int] {
        try await pool.read { db in
            var counts: [DeliveryState: Int] = [:]
            for row in try OutboxCountRecord.filter(Column("count") > 0).fetchAll(db) {
                counts[row.state] = row.count
            }
            return counts
        }
    }

    public func notification(id: Int64) async throws -> NotificationDetail? {
        try await pool.read { db in
            guard let record = try OutboxRecord.fetchOne(db, key: id) else { return nil }
            let message = try Self.outboxMessage(record, db)
            return NotificationDetail(summary: record.summary(orderNumber: message.orderNumber), message: message)
        }
    }

    static func orderNumbers(ids: [Int64], _ db: Database) throws -> [Int64: Int] {
        guard !ids.isEmpty else { return [:] }
        var numbers: [Int64: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, number FROM orders WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
            arguments: StatementArguments(ids))
        {
            numbers[row["id"]] = row["number"]
        }
        return numbers
    }
}

extension OutboxRecord {
    func summary(orderNumber: Int?) -> NotificationSummary {
        NotificationSummary(
            id: id ?? 0, orderNumber: orderNumber, kind: kind, recipient: recipient, subject: subject,
            state: state, attempts: attempts, lastError: lastError, createdAt: createdAt,
            sentAt: sentAt, nextAttemptAt: nextAttemptAt)
    }
}
