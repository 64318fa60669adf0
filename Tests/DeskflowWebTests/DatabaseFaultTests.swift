import DeskflowDomain
import DeskflowStore
import Foundation
import HummingbirdTesting
import SnapshotTesting
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
}
