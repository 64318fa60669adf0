import DeskflowStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Messages newest first, optionally in one state; keyset-paged by id.
    public func notifications(
        state: DeliveryState?, before: Int64?, limit: Int
    ) async throws -> (items: [NotificationSummary], next: Int64?) {
        var query = QueryText()
        var conditions: [String] = []
        if let state { conditions.append("m.state = \(query.bind(state.rawValue))") }
        if let before { conditions.append("m.id < \(query.bind(before))") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(OutboxRow.columns) FROM outbox m LEFT JOIN orders o ON o.id = m.order_id
            \(whereClause) ORDER BY m.id DESC LIMIT \(query.bind(limit + 1))
            """
        query.append(sql)
        let rows = try await client.queryWhileOpen(query.query, logger: logger).readAll(OutboxRow.init)
        let page = Array(rows.prefix(limit))
        return (page.map(\.summary), rows.count > limit ? page.last?.id : nil)
    }

    /// How many messages are in each state, from the counts the outbox's triggers keep; a state with none is absent.
    public func notificationCounts() async throws -> [DeliveryState: Int] {
        let rows = try await client.queryWhileOpen("SELECT state, count FROM outbox_counts WHERE count > 0", logger: logger)
        var counts: [DeliveryState: Int] = [:]
        for (state, count) in try await rows.readAll({
            (try $0.code("state", as: DeliveryState.self, table: "outbox_counts"), try $0.int("count"))
        }) {
            counts[state] = count
        }
        return counts
    }

    public func notification(id: Int64) async throws -> NotificationDetail? {
        try await client.queryWhileOpen(
            "SELECT \(unescaped: OutboxRow.columns) FROM outbox m LEFT JOIN orders o ON o.id = m.order_id WHERE m.id = \(id)",
            logger: logger
        ).readAll(OutboxRow.init).first.map { NotificationDetail(summary: $0.summary, message: $0.message) }
    }
}
