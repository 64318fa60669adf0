import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import HummingbirdTesting
import SnapshotTesting
import Synchronization
import Testing

@testable import DeskflowWeb

/// A database that cannot be written (read-only, full, held by another process) answers a 503 page that says
/// what is wrong, changes nothing, and works again the moment the fault clears: the same form then goes through once.
@Suite("When the database cannot be written")
struct DatabaseFaultTests {
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        case readOnly, full, busy
        var testDescription: String { rawValue }
    }

    @Test("a write answers 503 with Retry-After, changes nothing, and succeeds once the fault clears", arguments: Fault.allCases)
    func writeDuringFault(fault: Fault) async throws {
        let seeded = try await TestApp.make()
        // A short busy timeout so the locked case answers quickly; the server's default is ten seconds.
        let app = TestApp(database: try TestDatabase.open(path: seeded.database.path, busyTimeout: 0.2), configuration: seeded.configuration)
        let number = try await CancelOrderTests.paidProcessing(app.database)
        let before = try await #require(try await app.database.orderDetail(number: number))
        let form = CancelOrderTests.form(["note": String(repeating: "A long note that needs a fresh page. ", count: 13)])

        try await app.run { client in
            let cookie = try await client.signIn()
            let clear = try await Self.inject(fault, into: app.database, order: number)
            let refused = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: form)
            try await clear()

            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == (fault == .busy ? "5" : "60"))
            #expect(refused.html.contains("Deskflow can’t reach its data right now"))
            #expect(refused.html.contains("send it again"))
            #expect(!refused.html.contains("DatabaseError"))
            assertSnapshot(of: refused.html, as: .html, named: fault.rawValue)
            await #expect(try await app.database.orderDetail(number: number) == before)

            let accepted = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: form)
            #expect(accepted.status == .seeOther)
            let again = try await client.post("/orders/\(number)/cancel", cookie: cookie, form: form)
            #expect(again.status == .seeOther)
        }
        let after = try await #require(try await app.database.orderDetail(number: number))
        #expect(after.order.status == .cancelled)
        #expect(after.events.filter { $0.kind == .orderCancelled }.count == 1)
        #expect(after.refunds.count == 1)
    }

    @Test("pages that only read keep working while the database is read-only or held by another process")
    func readsDuringFault() async throws {
        let clock = MovableClock(testNow)
        let seeded = try await TestApp.make(clock: clock.appClock)
        let app = TestApp(database: try TestDatabase.open(path: seeded.database.path, busyTimeout: 0.2), configuration: seeded.configuration)
        let number = try await CancelOrderTests.paidProcessing(app.database)
        try await app.run { client in
            let cookie = try await client.signIn()
            for fault in [Fault.readOnly, .busy] {
                // Long enough since the last request that the session wants to note the visit, which cannot be written.
                clock.advance(by: 5 * 60)
                let clear = try await Self.inject(fault, into: app.database, order: number)
                #expect(try await client.get("/orders/\(number)", cookie: cookie).status == .ok)
                #expect(try await client.get("/orders?status=needs_attention", cookie: cookie).status == .ok)
                #expect(try await client.get("/healthz", cookie: nil).status == .ok)
                try await clear()
            }
        }
    }

    @Test("each SQLite condition a disk or another process causes is a fault; a broken constraint is not")
    func classification() throws {
        let cases: [(ResultCode, DatabaseFault?)] = [
            (.SQLITE_READONLY, .readOnly), (.SQLITE_PERM, .readOnly), (.SQLITE_FULL, .full), (.SQLITE_BUSY, .busy),
            (.SQLITE_LOCKED, .busy), (.SQLITE_IOERR, .diskError), (.SQLITE_CANTOPEN, .cannotOpen),
            (.SQLITE_CONSTRAINT, nil), (.SQLITE_ERROR, nil), (.SQLITE_MISUSE, nil),
        ]
        for (code, fault) in cases {
            #expect(DatabaseFault(DatabaseError(resultCode: code)) == fault, "\(code)")
        }
        #expect(DatabaseFault(StoreError.notFound) == nil)
    }

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
