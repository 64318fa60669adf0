import DeskflowStore
import Foundation
import GRDB
import Synchronization

@testable import DeskflowStoreSQLite

extension DatabaseFaultTests {
    /// Puts the server's database into `fault` and returns what clears it. Read-only and full are set on the
    /// pool's single writer connection, exactly as SQLite reports a read-only file or a full disk; busy is a
    /// second connection, as another process would be, holding the write lock.
    static func inject(_ fault: Fault, into database: any DeskflowDatabase, order number: Int) async throws -> @Sendable () async throws -> Void {
        switch fault {
        case .readOnly:
            try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 1") }
            return { try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 0") } }
        case .full:
            // A cap on the file's pages fails only a write that needs a new page, and room left on the last page of a
            // table would take the write without one. So the order's timeline, which every action writes to, is filled
            // under the cap with tiny placeholder events until not one more fits; clearing the fault removes them.
            let filler = "fault-filler"
            try await database.pool.writeWithoutTransaction { db in
                let orderID = try Int64.fetchOne(db, sql: "SELECT id FROM orders WHERE number = ?", arguments: [number])
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                while true {
                    do {
                        try db.execute(
                            sql: "INSERT INTO order_events (order_id, kind, actor, summary, created_at) VALUES (?, 'order_placed', ?, '', '2100-01-01')",
                            arguments: [orderID, filler])
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                        break
                    }
                }
            }
            return {
                try await database.pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA max_page_count = 1073741823")
                    try db.execute(sql: "DELETE FROM order_events WHERE actor = ?", arguments: [filler])
                }
            }
        case .busy:
            // Another process's connection: it waits its turn for the lock like one, rather than failing at once.
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            let other = try DatabaseQueue(path: database.path, configuration: configuration)
            let holding = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            let failure = Mutex<String?>(nil)
            Thread.detachNewThread {
                do {
                    try other.writeWithoutTransaction { db in
                        try db.execute(sql: "BEGIN IMMEDIATE")
                        holding.signal()
                        release.wait()
                        try db.execute(sql: "ROLLBACK")
                    }
                } catch {
                    // Never leave the test waiting for a lock that was not taken.
                    failure.withLock { $0 = "\(error)" }
                    holding.signal()
                }
                done.signal()
            }
            try await offThread { holding.wait() }
            if let failure = failure.withLock({ $0 }) { throw TestFailure("could not hold the write lock: \(failure)") }
            return {
                release.signal()
                try await offThread { done.wait() }
            }
        }
    }
}
