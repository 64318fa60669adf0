import Foundation
import Logging
import PostgresNIO
import Synchronization

// Rows by the thousand (the seeder's fifteen million for a million orders, a copied store's) go in by multi-row
// `INSERT … VALUES (…), (…)` statements of thousands of rows each rather than one statement per row. In an INSERT,
// VALUES are coerced to the target columns' types, so a NULL needs no cast.

/// Rows for one table, sent by multi-row `INSERT`s in the order they were added.
struct MultiRowInsert {
    /// Parameters per statement. PostgreSQL takes up to 65,535, but the server parses and plans a statement that long
    /// more slowly per row: loading 100,000 orders measured fastest with some 8,000 to 16,000 (4,400 orders/s at
    /// 65,535; 4,800 at 8,000 and 16,000; 4,100 at 2,000, where round trips start to count).
    private static let parameterLimit = 10_000

    let table: String
    let columns: [String]
    private var binds = PostgresBindings()
    private var bindsInRow = 0
    private(set) var rows = 0

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// Whether one more row would pass the limit on a statement's parameters.
    var isFull: Bool { binds.count + columns.count > Self.parameterLimit }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        binds.append(value)
        bindsInRow += 1
    }

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        binds.append(value)
        bindsInRow += 1
    }

    mutating func bind(_ date: Date) { bind(date.stored) }
    mutating func bind(_ date: Date?) { bind(date?.stored) }

    /// Ends the row whose values were just bound.
    mutating func endRow() {
        precondition(bindsInRow == columns.count, "a \(table) row has \(columns.count) values")
        bindsInRow = 0
        rows += 1
    }

    /// Inserts the rows added since the last send.
    mutating func send(on connection: PostgresConnection, logger: Logger) async throws {
        guard rows > 0 else { return }
        let values = ValuesPlaceholders.text(rows: rows, columns: columns.count, limit: Self.parameterLimit)
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values)"
        try await connection.perform(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        binds = PostgresBindings()
        rows = 0
    }
}

/// The placeholders of a multi-row `VALUES` list, `($1, $2), ($3, $4), …`: they depend only on the number of
/// columns, so each list is written once, as long as a statement can take, and its rows are read off its start.
private enum ValuesPlaceholders {
    private struct Written: Sendable {
        let text: String
        /// The UTF-8 length of the text up to the end of each row.
        let rowEnds: [Int]
    }

    private static let written = Mutex<[Int: Written]>([:])

    static func text(rows: Int, columns: Int, limit: Int) -> Substring {
        let list = written.withLock { written in
            if let list = written[columns] { return list }
            var text = ""
            var rowEnds: [Int] = []
            var parameter = 1
            for row in 0..<(limit / columns) {
                text += row == 0 ? "(" : ", ("
                for column in 0..<columns {
                    text += column == 0 ? "$\(parameter)" : ", $\(parameter)"
                    parameter += 1
                }
                text += ")"
                rowEnds.append(text.utf8.count)
            }
            let list = Written(text: text, rowEnds: rowEnds)
            written[columns] = list
            return list
        }
        return Substring(list.text.utf8.prefix(list.rowEnds[rows - 1]))
    }
}
