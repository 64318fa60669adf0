import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Synchronization
import Testing

// The fixtures that read the SQLite file itself: rows no store method returns (the simulated provider's books, the
// outbox as written, every table's count), and the commits an operation makes.

extension CancelFixtures {
    static func count(_ database: any DeskflowDatabase, _ sql: String, _ arguments: StatementArguments = []) async throws -> Int {
        try await database.pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    /// What the simulated provider holds for a key.
    static func gatewayRow(_ database: any DeskflowDatabase, key: String) async throws -> Row? {
        try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM gateway_transactions WHERE idempotency_key = ?", arguments: [key])
        }
    }

    /// Row counts of every table a cancellation touches, and the order's own row.
    static func picture(_ database: any DeskflowDatabase, _ number: Int) async throws -> [String] {
        try await database.pool.read { db in
            let tables = [
                "refunds", "payments", "outbox", "order_events", "inventory_ledger", "cancellations",
                "idempotency_keys", "gateway_transactions",
            ]
            var lines = try tables.map { "\($0): \(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1)" }
            lines += try String.fetchAll(
                db, sql: "SELECT sku || ':' || on_hand || ':' || committed FROM stock_levels ORDER BY sku")
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE number = ?", arguments: [number]) {
                lines += row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }
            }
            return lines
        }
    }

    static func stock(_ database: any DeskflowDatabase, sku: String) async throws -> (onHand: Int, committed: Int) {
        try await database.pool.read { db in
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT on_hand, committed FROM stock_levels WHERE sku = ?", arguments: [sku])
            )
            return (row["on_hand"], row["committed"])
        }
    }
}

extension ResolutionFixtures {
    static func count(_ database: any DeskflowDatabase, _ sql: String, _ arguments: StatementArguments = []) async throws -> Int {
        try await C.count(database, sql, arguments)
    }
}

extension DeskflowOperationsTests.CustomerMessagesTests {
    static func lastOutbox(_ database: any DeskflowDatabase, _ order: Order) async throws -> Row? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE order_id = ? ORDER BY id DESC LIMIT 1", arguments: [order.id])
        }
    }
}

/// Counts the committed transactions of a database and the tables each one wrote.
final class CommitLog: TransactionObserver, Sendable {
    private let state = Mutex<(current: Set<String>, commits: [Set<String>])>(([], []))

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) { state.withLock { _ = $0.current.insert(event.tableName) } }
    func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            if !state.current.isEmpty { state.commits.append(state.current) }
            state.current = []
        }
    }
    func databaseDidRollback(_ db: Database) { state.withLock { $0.current = [] } }

    /// The tables each write transaction changed, in commit order.
    var commits: [Set<String>] { state.withLock { $0.commits } }
}
