import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import DeskflowStorePostgres

/// The PostgreSQL twin of "Applying an order action in one transaction", with the races several instances bring.
@Suite("PostgreSQL order writes", .postgresServer)
struct PostgresOrderWriteTests {
    typealias Fixture = PostgresStoreFixture

    /// A change that touches every table an action can write to.
    static func everything(key: String) -> OrderChange {
        var change = OrderChange()
        change.status = .processing
        change.paymentStatus = .paid
        change.issue = .open(
            OrderIssue(kind: .processingError, code: "test_code", message: "Something failed.", since: Fixture.now, attempts: 1))
        change.trackingNumber = "1ZTEST"
        change.newPayments = [
            NewPayment(kind: .external, amount: Money(minorUnits: 100, currency: .usd), state: .succeeded, idempotencyKey: key)
        ]
        change.stock = [StockMovement(sku: "SKU-A", onHandChange: -2, committedChange: -2, reason: "shipped")]
        change.message = CustomerMessage(kind: .customerMessage, subject: "Subject", body: "Body")
        change.events = [EventEntry(.paymentReceived, "Received."), EventEntry(.customerMessaged, "Emailed.")]
        change.flash = "Done."
        return change
    }

    static func replayedFlash(_ result: OrderActionResult) -> String? {
        if case .replayed(let flash) = result { flash } else { nil }
    }

    @Test("the change, its events, outbox row, payments, stock and the idempotency record are written together")
    func applies() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let order = try #require(try await store.orderDetail(number: Fixture.orderNumber)).order
            let key = UUID().uuidString

            let result = try await store.applyOrderAction(Fixture.request(key: key)) { _ in Self.everything(key: "pay-1") }

            guard case .applied(let before, _) = result else {
                Issue.record("expected the change to be applied, got \(result)")
                return
            }
            #expect(before.order == order)
            #expect(before.onHand == ["SKU-A": 10, "SKU-B": 5])
            #expect(before.payments.map(\.idempotencyKey) == ["seed-charge-1001"])
            let detail = try #require(try await store.orderDetail(number: Fixture.orderNumber))
            #expect(detail.order.version == order.version + 1)
            #expect(detail.order.trackingNumber == "1ZTEST")
            #expect(
                detail.order.issue
                    == OrderIssue(
                        kind: .processingError, code: "test_code", message: "Something failed.",
                        since: Fixture.now.stored.date, attempts: 1))
            #expect(detail.events.map(\.kind) == [.customerMessaged, .paymentReceived])
            #expect(detail.events.allSatisfy { $0.actor == "Maria Manager" })
            #expect(
                try await Fixture.count(
                    "SELECT count(*) FROM payments WHERE idempotency_key = 'pay-1' AND status = 'succeeded' AND completed_at IS NOT NULL",
                    client) == 1)
            #expect(
                try await Fixture.count(
                    "SELECT count(*) FROM outbox WHERE kind = 'customer_message' AND recipient = 'ada@example.com' AND state = 'queued'",
                    client) == 1)
            #expect(try await client.values("SELECT on_hand FROM stock_levels ORDER BY sku", as: Int.self) == [8, 5])
            #expect(try await Fixture.count("SELECT count(*) FROM inventory_ledger WHERE reason = 'shipped'", client) == 1)
            #expect(try await store.claimIdempotencyKey(
                IdempotencyClaim(key: key, staffID: Fixture.staffID, fingerprint: "fingerprint"), now: Fixture.now)
                == StoredResult(flash: "Done."))
            // no webhooks without an endpoint
            #expect(try await Fixture.count("SELECT count(*) FROM outbox WHERE kind = 'webhook'", client) == 0)
        }
    }

    @Test("the same key again replays the stored flash without deciding; other values under it are refused")
    func replays() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let key = UUID().uuidString
            _ = try await store.applyOrderAction(Fixture.request(key: key)) { _ in Self.everything(key: "pay-1") }

            let again = try await store.applyOrderAction(Fixture.request(key: key)) { _ in
                Issue.record("a replay must not decide")
                return OrderChange()
            }

            #expect(Self.replayedFlash(again) == "Done.")
            await #expect(throws: IdempotencyKeyReused.self) {
                try await store.applyOrderAction(Fixture.request(key: key, fingerprint: "other")) { _ in OrderChange() }
            }
        }
    }

    @Test("a stale version is refused with the order as it stands; nothing is written")
    func staleVersion() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let current = try #require(try await store.orderDetail(number: Fixture.orderNumber)).order

            await #expect(throws: StaleVersion(current: current)) {
                try await store.applyOrderAction(Fixture.request(version: 7)) { _ in Self.everything(key: "pay-1") }
            }
            #expect(try await Fixture.count("SELECT count(*) FROM idempotency_keys", client) == 0)
            #expect(try await Fixture.count("SELECT count(*) FROM order_events", client) == 0)
        }
    }

    @Test("an unknown order number is refused as orderNotFound")
    func unknownOrder() async throws {
        try await Fixture.withStore { store, _ in
            var request = Fixture.request()
            request.orderNumber = 9999
            await #expect(throws: OrderWriteError.orderNotFound) {
                try await store.applyOrderAction(request) { _ in OrderChange() }
            }
        }
    }

    @Test("when the decision throws, nothing is written and the key stays free")
    func decideThrows() async throws {
        struct Refused: Error, Equatable {}
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let key = UUID().uuidString
            await #expect(throws: Refused()) {
                try await store.applyOrderAction(Fixture.request(key: key)) { _ in throw Refused() }
            }
            #expect(try await Fixture.count("SELECT count(*) FROM idempotency_keys", client) == 0)
            #expect(try await client.values("SELECT version FROM orders", as: Int.self) == [1])
        }
    }

    @Test("twenty requests with one key at once on two instances: one applies, the others replay its flash")
    func sameKeyRace() async throws {
        try await Fixture.withTwoInstances { instances, client in
            try await Fixture.insertOrder(client)
            let key = UUID().uuidString
            let decided = DecideCount()
            let results = try await withThrowingTaskGroup(of: OrderActionResult.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await instances[index % 2].applyOrderAction(Fixture.request(key: key)) { _ in
                            decided.count.withLock { $0 += 1 }
                            return Self.everything(key: "pay-race")
                        }
                    }
                }
                return try await group.reduce(into: [OrderActionResult]()) { $0.append($1) }
            }
            let applied = results.filter { if case .applied = $0 { true } else { false } }
            #expect(applied.count == 1)
            #expect(results.filter { Self.replayedFlash($0) == "Done." }.count == 19)
            #expect(decided.count.withLock { $0 } == 1)
            #expect(try await client.values("SELECT version FROM orders", as: Int.self) == [2])
        }
    }

    @Test("requests with different keys on one order version at once on two instances: one wins, the others are stale")
    func differentKeysRace() async throws {
        try await Fixture.withTwoInstances { instances, client in
            try await Fixture.insertOrder(client)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        do {
                            _ = try await instances[index % 2].applyOrderAction(Fixture.request()) { _ in
                                Self.everything(key: "pay-\(index)")
                            }
                            return "applied"
                        } catch is StaleVersion {
                            return "stale"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["applied"] + Array(repeating: "stale", count: 9))
            #expect(try await client.values("SELECT version FROM orders", as: Int.self) == [2])
            #expect(try await client.values("SELECT on_hand FROM stock_levels ORDER BY sku", as: Int.self) == [8, 5])
        }
    }

    @Test("an outcome writes its change and the form's flash; nil writes nothing but the flash")
    func recordsOutcome() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let key = "form-1"
            _ = try await store.claimIdempotencyKey(
                IdempotencyClaim(key: key, staffID: Fixture.staffID, fingerprint: "f"), now: Fixture.now)

            var change = OrderChange()
            change.events = [EventEntry(.paymentReceived, "Answered.")]
            let written = try await store.recordOutcome(
                OutcomeRequest(orderNumber: Fixture.orderNumber, actor: "Deskflow", now: Fixture.now, flash: (key, "Paid."))
            ) { [change] _ in change }
            #expect(written == change)
            #expect(try await client.values("SELECT version FROM orders", as: Int.self) == [2])
            #expect(try await client.values("SELECT flash FROM idempotency_keys", as: String.self) == ["Paid."])

            let nothing = try await store.recordOutcome(
                OutcomeRequest(orderNumber: Fixture.orderNumber, actor: "Deskflow", now: Fixture.now, flash: (key, "Again."))
            ) { _ in nil }
            #expect(nothing == nil)
            #expect(try await client.values("SELECT version FROM orders", as: Int.self) == [2])
            #expect(try await client.values("SELECT flash FROM idempotency_keys", as: String.self) == ["Again."])
        }
    }

    @Test("with a storefront endpoint, a change queues its webhook carrying the order as changed")
    func queuesWebhooks() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let hooked = store.withWebhooks(to: "https://shop.example/hooks")
            var change = OrderChange()
            change.status = .cancelled
            change.events = [EventEntry(.orderCancelled, "Cancelled.")]

            _ = try await hooked.applyOrderAction(Fixture.request()) { [change] _ in change }

            let bodies = try await client.values(
                "SELECT body FROM outbox WHERE kind = 'webhook' AND recipient = 'https://shop.example/hooks'", as: String.self)
            #expect(bodies.count == 1)
            #expect(bodies.first?.contains("\"type\":\"order.cancelled\"") == true)
            for body in bodies {
                #expect(body.contains("\"version\":2"))
            }
        }
    }

    @Test("order documents page by when they changed, the cursor going on exactly after the last")
    func documentsPage() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let document = try #require(try await store.orderDocument(number: Fixture.orderNumber))
            #expect(document.version == 1)
            #expect(try await store.orderDocument(number: 4242) == nil)

            let first = try await store.orderDocuments(changedSince: nil, after: nil, limit: 10)
            #expect(first.count == 1)
            let cursor = try #require(first.first?.cursor)
            let token = try #require(OrderChangeCursor(token: cursor.token))
            #expect(try await store.orderDocuments(changedSince: nil, after: token, limit: 10).isEmpty)
            #expect(try await store.orderDocuments(changedSince: Fixture.now.addingTimeInterval(1), after: nil, limit: 10).isEmpty)
            #expect(try await store.orderDocuments(changedSince: Fixture.now, after: nil, limit: 10).count == 1)
        }
    }

    @Test("a stock adjustment sets on hand with its ledger row; the same key replays; an unknown SKU is refused")
    func adjustsStock() async throws {
        try await Fixture.withStore { store, client in
            try await Fixture.insertOrder(client)
            let claim = IdempotencyClaim(key: "stock-1", staffID: Fixture.staffID, fingerprint: "SKU-A:12")

            let (level, replayed) = try await store.adjustStock(
                sku: "SKU-A", actor: "Maria Manager", idempotency: claim, now: Fixture.now
            ) { _ in (12, "recount") }
            #expect(level == StockLevel(sku: "SKU-A", name: "Mug", onHand: 12, committed: 2))
            #expect(replayed == nil)
            #expect(try await client.values(
                "SELECT on_hand_change FROM inventory_ledger WHERE reason = 'recount'", as: Int.self) == [2])

            let again = try await store.adjustStock(
                sku: "SKU-A", actor: "Maria Manager", idempotency: claim, now: Fixture.now
            ) { _ in (99, "recount") }
            #expect(again.replayed == StoredResult(flash: nil))
            #expect(again.level.onHand == 12)

            await #expect(throws: StockAdjustmentError.unknownSKU) {
                try await store.adjustStock(
                    sku: "NOPE", actor: "Maria Manager",
                    idempotency: IdempotencyClaim(key: "stock-2", staffID: 1, fingerprint: "x"), now: Fixture.now
                ) { _ in (1, "recount") }
            }
        }
    }
}

/// How many times `decide` ran, shared by the racing tasks.
final class DecideCount: Sendable {
    let count = Mutex(0)
}
