import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Synchronization
import Testing

@testable import DeskflowStoreSQLite

/// Requests and changes for the order-action tests. The store decides nothing: each test says what the change is.
enum OrderChangeFixtures {
    typealias Cancel = CancelStoreFixtures

    static let staffID: Int64 = 42

    static func request(
        _ order: Order, key: String = UUID().uuidString, fingerprint: String = "fingerprint", version: Int? = nil,
        staffID: Int64 = staffID, now: Date = StoreFixtures.now
    ) -> OrderActionRequest {
        OrderActionRequest(
            orderNumber: order.number, expectedVersion: version ?? order.version, staffID: staffID, actor: "Maria Manager",
            idempotency: IdempotencyClaim(key: key, staffID: staffID, fingerprint: fingerprint), now: now)
    }

    /// A change that touches every table an action can write to.
    static func everything(key: String = "pay-\(UUID().uuidString)") -> OrderChange {
        var change = OrderChange()
        change.status = .processing
        change.paymentStatus = .paid
        change.issue = .set(kind: .processingError, code: "test_code", message: "Something failed.")
        change.trackingNumber = "1ZTEST"
        change.newPayments = [
            NewPayment(kind: .external, amount: Money(minorUnits: 100, currency: .usd), state: .succeeded, idempotencyKey: key)
        ]
        change.message = CustomerMessage(kind: .customerMessage, subject: "Subject", body: "Body")
        change.events = [EventEntry(.paymentReceived, "Received."), EventEntry(.customerMessaged, "Emailed.")]
        return change
    }

    static func order(_ database: SQLiteStore, _ number: Int) async throws -> Order {
        try #require(try await database.orderDetail(number: number)).order
    }

    /// The order's raw issue columns, to see that clearing leaves nothing behind.
    static func issueColumns(_ database: SQLiteStore, _ number: Int) async throws -> [String] {
        try await database.pool.read { db in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT issue_kind, issue_code, issue_message, issue_since, issue_attempts FROM orders WHERE number = ?
                """, arguments: [number]))
            return row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }
        }
    }

    struct Refused: Error, Equatable {}

    /// The stock movements of shipping the order, as the domain decides them.
    static func shipped(_ snapshot: OrderSnapshot) -> [StockMovement] {
        Decide.fulfillmentAnswer(
            .shipped(trackingNumber: "1ZTEST"), capture: nil, trackingNumber: nil, on: snapshot, now: StoreFixtures.now
        ).stock
    }
}

extension DeskflowStoreTests {
    @Suite("Applying an order action in one transaction")
    struct OrderChangeTransaction {
        typealias F = OrderChangeFixtures

        @Test("the change, its events, outbox row, payments and the idempotency record are written together")
        func applies() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            let paymentKey = "external-\(key)"
            let eventsBefore = try await database.count("SELECT COUNT(*) FROM order_events")

            // when
            let result = try await database.applyOrderAction(F.request(order, key: key), flash: "Done.") { _ in
                F.everything(key: paymentKey)
            }

            // then it answers with the order as it was
            guard case .applied(let before, _) = result else {
                Issue.record("expected the change to be applied, got \(result)")
                return
            }
            #expect(before.order == order)
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.version == order.version + 1)
            #expect(detail.order.trackingNumber == "1ZTEST")
            #expect(
                detail.order.issue
                    == OrderIssue(
                        kind: .processingError, code: "test_code", message: "Something failed.", since: StoreFixtures.now,
                        attempts: 1))
            await #expect(try database.count("SELECT COUNT(*) FROM order_events") == eventsBefore + 2)
            let newEvents = detail.events.filter { $0.occurredAt >= StoreFixtures.now }
            #expect(newEvents.map(\.kind) == [.customerMessaged, .paymentReceived])
            #expect(newEvents.allSatisfy { $0.actor == "Maria Manager" })
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'succeeded' AND completed_at IS NOT NULL",
                    arguments: [paymentKey]) == 1)
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM outbox WHERE order_id = ? AND kind = 'customer_message' AND recipient = ? AND state = 'queued'",
                    arguments: [order.id, order.customer.email]) == 1)
            #expect(try await database.storedResult(key: key) == StoredResult(flash: "Done."))
        }

        @Test("when the decision throws, nothing at all is written and the key stays free")
        func decideThrows() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            let before = try await F.Cancel.picture(database, number: order.number)

            // when
            await #expect(throws: F.Refused()) {
                try await database.applyOrderAction(F.request(order, key: key), flash: nil) { _ in throw F.Refused() }
            }

            // then
            await #expect(try F.Cancel.picture(database, number: order.number) == before)
            #expect(try await database.storedResult(key: key) == nil)
        }

        @Test("when a write fails half-way, the order, stock, payments, outbox and key are all left as they were")
        func failsHalfWay() async throws {
            // given a database that refuses new timeline entries, the last thing an action writes
            let database = try await StoreFixtures.demoStore()
            try await database.pool.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse_events BEFORE INSERT ON order_events BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
            }
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            let before = try await F.Cancel.picture(database, number: order.number)

            // when
            await #expect(throws: DatabaseError.self) {
                try await database.applyOrderAction(F.request(order, key: key), flash: nil) { _ in F.everything() }
            }
            await #expect(throws: DatabaseError.self) {
                try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { _ in
                    F.everything()
                }
            }

            // then
            await #expect(try F.Cancel.picture(database, number: order.number) == before)
            #expect(try await database.storedResult(key: key) == nil)
        }

        @Test("when recording an answer fails half-way, nothing of it is written, the form's final flash included")
        func outcomeFailsHalfWay() async throws {
            // given an action recorded under a key, then a database that refuses new timeline entries
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            _ = try await database.applyOrderAction(F.request(order, key: key), flash: "Sent.") { _ in OrderChange() }
            try await database.pool.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse_events BEFORE INSERT ON order_events BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
            }
            let before = try await F.Cancel.picture(database, number: order.number)

            // when the answer's change and the flash it finishes are written together
            await #expect(throws: DatabaseError.self) {
                try await database.recordOutcome(
                    OutcomeRequest(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now, flash: (key, "Final."))
                ) { _ in F.everything() }
            }

            // then
            await #expect(try F.Cancel.picture(database, number: order.number) == before)
            #expect(try await database.storedResult(key: key) == StoredResult(flash: "Sent."))
        }

        @Test("a form from an older version is refused before anything is decided")
        func staleVersion() async throws {
            // given an order changed since the form was rendered
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            _ = try await database.applyOrderAction(F.request(order), flash: nil) { _ in OrderChange() }
            let before = try await F.Cancel.picture(database, number: order.number)
            let decided = Mutex(false)

            // when
            await #expect(throws: StaleVersion.self) {
                try await database.applyOrderAction(F.request(order), flash: nil) { _ in
                    decided.withLock { $0 = true }
                    return F.everything()
                }
            }

            // then
            #expect(!decided.withLock { $0 })
            await #expect(try F.Cancel.picture(database, number: order.number) == before)
        }

        @Test("the same submission again is answered with the first result, even from the old version, and nothing changes")
        func replay() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            _ = try await database.applyOrderAction(F.request(order, key: key), flash: "First.") { _ in F.everything() }
            let after = try await F.Cancel.picture(database, number: order.number)
            let decided = Mutex(false)

            // when
            let again = try await database.applyOrderAction(F.request(order, key: key), flash: "Second.") { _ in
                decided.withLock { $0 = true }
                return F.everything()
            }

            // then
            guard case .replayed(let stored) = again else {
                Issue.record("expected a replay, got \(again)")
                return
            }
            #expect(stored == "First.")
            #expect(!decided.withLock { $0 })
            await #expect(try F.Cancel.picture(database, number: order.number) == after)
        }

        @Test("a key used before with other values, or by someone else, is refused and nothing changes")
        func keyReused() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = UUID().uuidString
            _ = try await database.applyOrderAction(F.request(order, key: key, fingerprint: "retry"), flash: nil) { _ in OrderChange() }
            let fresh = try await F.order(database, order.number)
            let after = try await F.Cancel.picture(database, number: order.number)

            // when / then
            await #expect(throws: IdempotencyKeyReused()) {
                try await database.applyOrderAction(F.request(fresh, key: key, fingerprint: "other"), flash: nil) { _ in F.everything() }
            }
            await #expect(throws: IdempotencyKeyReused()) {
                try await database.applyOrderAction(F.request(fresh, key: key, fingerprint: "retry", staffID: 99), flash: nil) { _ in
                    F.everything()
                }
            }
            await #expect(try F.Cancel.picture(database, number: order.number) == after)
        }

        @Test("an order that does not exist is named as such")
        func orderNotFound() async throws {
            let database = try await StoreFixtures.demoStore()
            var order = try await F.Cancel.paidOrder()
            order.number = 999_999
            await #expect(throws: OrderWriteError.orderNotFound) {
                try await database.applyOrderAction(F.request(order), flash: nil) { _ in OrderChange() }
            }
            await #expect(throws: OrderWriteError.orderNotFound) {
                try await database.applyOutcome(orderNumber: 999_999, actor: "Warehouse", now: StoreFixtures.now) { _ in OrderChange() }
            }
        }

        @Test("an outcome is decided against the order as it stands and bumps its version; one that changes nothing writes nothing")
        func outcomeSeesCurrentOrder() async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            _ = try await database.applyOrderAction(F.request(order), flash: nil) { _ in OrderChange() }
            let seen = Mutex<Int?>(nil)

            try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { current in
                seen.withLock { $0 = current.order.version }
                var change = OrderChange()
                change.events = [Timeline.processingSucceeded]
                return change
            }
            let before = try await F.Cancel.picture(database, number: order.number)
            try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { _ in OrderChange() }

            #expect(seen.withLock { $0 } == order.version + 1)
            #expect(try await F.order(database, order.number).version == order.version + 2)
            await #expect(try F.Cancel.picture(database, number: order.number) == before)
        }

        // MARK: The open issue

        @Test("attempts count up while the failure stays the same kind, keeping when it started; a new kind starts over")
        func issueAttempts() async throws {
            // given an order with no issue
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let t0 = StoreFixtures.now
            func set(_ issue: IssueChange, at minutes: Double) async throws -> OrderIssue? {
                try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: t0.addingTimeInterval(minutes * 60)) { _ in
                    var change = OrderChange()
                    change.issue = issue
                    return change
                }
                return try await F.order(database, order.number).issue
            }

            // when / then
            #expect(
                try await set(.set(kind: .processingError, code: "a", message: "A."), at: 1)
                    == OrderIssue(kind: .processingError, code: "a", message: "A.", since: t0 + 60, attempts: 1))
            #expect(
                try await set(.set(kind: .processingError, code: "b", message: "B."), at: 2)
                    == OrderIssue(kind: .processingError, code: "b", message: "B.", since: t0 + 60, attempts: 2))
            #expect(
                try await set(.set(kind: .processingError, code: "b", message: "B."), at: 3)
                    == OrderIssue(kind: .processingError, code: "b", message: "B.", since: t0 + 60, attempts: 3))
            #expect(
                try await set(.keep, at: 4)
                    == OrderIssue(kind: .processingError, code: "b", message: "B.", since: t0 + 60, attempts: 3))
            #expect(
                try await set(.set(kind: .fulfillmentFailed, code: "c", message: "C."), at: 5)
                    == OrderIssue(kind: .fulfillmentFailed, code: "c", message: "C.", since: t0 + 300, attempts: 1))
            #expect(try await set(.clear, at: 6) == nil)
            await #expect(
                try F.issueColumns(database, order.number)
                    == ["issue_kind=NULL", "issue_code=NULL", "issue_message=NULL", "issue_since=NULL", "issue_attempts=0"])
            #expect(
                try await set(.set(kind: .fulfillmentFailed, code: "c", message: "C."), at: 7)
                    == OrderIssue(kind: .fulfillmentFailed, code: "c", message: "C.", since: t0 + 420, attempts: 1))
            // every answer but the one that kept the issue as it was bumped the version
            #expect(try await F.order(database, order.number).version == order.version + 6)
        }

        @Test("a seeded failure that fails again keeps its start and counts a second attempt")
        func seededIssueContinues() async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.demoOrder("payment failed") { $0.issue?.kind == .paymentFailed }
            let seeded = try #require(order.issue)

            try await database.applyOutcome(orderNumber: order.number, actor: "Payment gateway", now: StoreFixtures.now) { _ in
                var change = OrderChange()
                change.issue = .set(kind: .paymentFailed, code: "card_declined", message: "Declined again.")
                return change
            }

            let issue = try #require(try await F.order(database, order.number).issue)
            #expect(issue.since == seeded.since)
            #expect(issue.attempts == seeded.attempts + 1)
            #expect(issue.message == "Declined again.")
        }

        @Test("the tab counts follow issues opened and cleared")
        func countsFollowIssues() async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let before = try await database.countOrders()
            func apply(_ issue: IssueChange) async throws {
                try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { _ in
                    var change = OrderChange()
                    change.issue = issue
                    return change
                }
            }

            try await apply(.set(kind: .fulfillmentFailed, code: "x", message: "X."))
            let opened = try await database.countOrders()
            #expect(opened[.needsAttention] == before[.needsAttention] + 1)
            #expect(opened[.issue(.fulfillmentFailed)] == before[.issue(.fulfillmentFailed)] + 1)
            #expect(try await database.allOrders(filter: .needsAttention).count == opened[.needsAttention])

            try await apply(.clear)
            let cleared = try await database.countOrders()
            #expect(cleared[.needsAttention] == before[.needsAttention])
            #expect(cleared[.issue(.fulfillmentFailed)] == before[.issue(.fulfillmentFailed)])
        }

        // MARK: Payments

        @Test("a pending payment row is completed by its key, on its own order only")
        func completesPendingPayment() async throws {
            // given a pending charge
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let key = "charge-\(UUID().uuidString)"
            let amount = order.totals.total
            _ = try await database.applyOrderAction(F.request(order), flash: nil) { _ in
                var change = OrderChange()
                change.newPayments = [NewPayment(kind: .charge, amount: amount, state: .pending, idempotencyKey: key)]
                return change
            }
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'pending' AND completed_at IS NULL",
                    arguments: [key]) == 1)

            // when another order's outcome names the same key, then this order's
            let other = try await F.Cancel.demoOrder("other paid") {
                $0.number != order.number && $0.status == .processing && $0.issue == nil
            }
            try await database.applyOutcome(orderNumber: other.number, actor: "Payment gateway", now: StoreFixtures.now) { _ in
                var change = OrderChange()
                change.settledPayments = [SettledCall(
                    idempotencyKey: key, outcome: GatewayOutcome(succeeded: false, reference: nil, failureCode: nil, failureMessage: nil))]
                return change
            }
            await #expect(try database.count("SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'pending'", arguments: [key]) == 1)
            try await database.applyOutcome(orderNumber: order.number, actor: "Payment gateway", now: StoreFixtures.now) { _ in
                var change = OrderChange()
                change.settledPayments = [SettledCall(
                    idempotencyKey: key, outcome: GatewayOutcome(succeeded: true, reference: "sim_ch_1", failureCode: nil, failureMessage: nil))]
                return change
            }

            // then
            await #expect(
                try database.count(
                    """
                    SELECT COUNT(*) FROM payments
                    WHERE idempotency_key = ? AND status = 'succeeded' AND gateway_reference = 'sim_ch_1' AND completed_at IS NOT NULL
                    """, arguments: [key]) == 1)
        }

        // MARK: Shipping stock

        @Test("shipping takes each line's units off the shelf and out of the reservation, with a ledger row per SKU")
        func shipStock() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let units = F.Cancel.units(of: order)
            let before = try await F.Cancel.stock(database)
            let ledgerBefore = try await database.count("SELECT COUNT(*) FROM inventory_ledger")

            // when
            try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { snapshot in
                var change = OrderChange()
                change.status = .fulfilled
                change.fulfillmentStatus = .fulfilled
                change.stock = F.shipped(snapshot)
                return change
            }

            // then
            let after = try await F.Cancel.stock(database)
            for (sku, quantity) in units {
                #expect(after[sku]?.onHand == before[sku]!.onHand - quantity, "\(sku)")
                #expect(after[sku]?.committed == before[sku]!.committed - quantity, "\(sku)")
            }
            for sku in Set(before.keys).subtracting(units.keys) { #expect(after[sku] == before[sku], "\(sku)") }
            await #expect(try database.count("SELECT COUNT(*) FROM inventory_ledger") == ledgerBefore + units.count)
            for (sku, quantity) in units {
                await #expect(
                    try database.count(
                        """
                        SELECT COUNT(*) FROM inventory_ledger WHERE sku = ? AND order_id = ? AND on_hand_change = ?
                        AND committed_change = ? AND reason = ? AND actor = 'Warehouse' AND created_at = ?
                        """,
                        arguments: [sku, order.id, -quantity, -quantity, "Shipped with order #\(order.number)", StoreFixtures.now]
                    ) == 1, "\(sku)")
            }
            let ledger = try await InventoryLedger.mismatches(in: database)
            #expect(ledger.mismatches.isEmpty, "\(ledger.mismatches)")
        }

        @Test("an order with two lines of the same SKU ships the units of both in one ledger row")
        func shipStockSameSKUTwice() async throws {
            // given an order with a second line of its first SKU
            let database = try await StoreFixtures.demoStore()
            let order = try await F.Cancel.paidOrder()
            let line = try #require(order.lines.first)
            try await database.pool.write { db in
                try db.execute(
                    sql: "INSERT INTO line_items (order_id, sku, name, quantity, unit_price_minor) VALUES (?, ?, ?, 1, ?)",
                    arguments: [order.id, line.sku, line.name, line.unitPrice.minorUnits])
                try db.execute(sql: "UPDATE stock_levels SET committed = committed + 1 WHERE sku = ?", arguments: [line.sku])
                try db.execute(
                    sql: """
                        INSERT INTO inventory_ledger (sku, order_id, on_hand_change, committed_change, reason, actor, created_at)
                        VALUES (?, ?, 0, 1, 'Reserved', 'Test', ?)
                        """, arguments: [line.sku, order.id, StoreFixtures.now])
            }
            let before = try await F.Cancel.stock(database)[line.sku]!
            let expected = F.Cancel.units(of: order)[line.sku]! + 1

            // when
            try await database.applyOutcome(orderNumber: order.number, actor: "Warehouse", now: StoreFixtures.now) { snapshot in
                var change = OrderChange()
                change.stock = F.shipped(snapshot)
                return change
            }

            // then
            await #expect(
                try F.Cancel.stock(database)[line.sku]
                    == F.Cancel.StockLevel(onHand: before.onHand - expected, committed: before.committed - expected))
            await #expect(
                try database.count(
                    "SELECT on_hand_change FROM inventory_ledger WHERE sku = ? AND order_id = ? AND reason LIKE 'Shipped%'",
                    arguments: [line.sku, order.id]) == -expected)
            await #expect(try InventoryLedger.mismatches(in: database).mismatches.isEmpty)
        }
    }
}
