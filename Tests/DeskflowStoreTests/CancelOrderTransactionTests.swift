import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Synchronization
import Testing

@testable import DeskflowStoreSQLite

/// Helpers for the cancellation tests of the store: demo orders to cancel, requests and decisions built from the
/// domain rules (the store does not know them), and a picture of every table a cancellation may touch.
enum CancelStoreFixtures {
    static let staffID: Int64 = 42
    static let staffName = "Maria Manager"

    /// The first demo order that matches, from the shared (read-only) demo store.
    static func demoOrder(_ description: String, where matches: (Order) -> Bool) async throws -> Order {
        try #require(
            try await StoreFixtures.demoOrderDetails().map(\.order).first(where: matches),
            "the demo store has no \(description) order")
    }

    /// A processing order, paid in full, nothing refunded, no open issue.
    static func paidOrder() async throws -> Order {
        try await demoOrder("paid processing") {
            $0.status == .processing && $0.paymentStatus == .paid && $0.issue == nil && $0.lines.count > 1
        }
    }

    static func request(
        _ order: Order, key: String = UUID().uuidString, fingerprint: String = "fingerprint",
        version: Int? = nil, staffID: Int64 = staffID
    ) -> CancellationRequest {
        CancellationRequest(
            orderNumber: order.number, expectedVersion: version ?? order.version, staffID: staffID,
            staffName: staffName, idempotency: IdempotencyClaim(key: key, staffID: staffID, fingerprint: fingerprint),
            paymentKey: "cancel-\(key)", now: StoreFixtures.now)
    }

    static func form(
        amount: String? = nil, issueRefund: Bool = true, restock: Bool = true, notify: Bool = true,
        reason: CancelReason = .customer, note: String = ""
    ) -> @Sendable (Order) -> CancellationForm {
        { order in
            CancellationForm(
                refundAmount: amount ?? order.payment.refundable.plainAmount, issueRefund: issueRefund,
                restock: restock,
                notifyCustomer: notify, reason: reason.rawValue, note: note)
        }
    }

    struct Invalid: Error {}

    /// What `CancelOrder` decides, through the domain's own decision.
    static func decide(_ makeForm: @escaping @Sendable (Order) -> CancellationForm)
        -> @Sendable (OrderSnapshot, String) throws -> OrderChange
    {
        { snapshot, paymentKey in try Decide.cancel(makeForm(snapshot.order), on: snapshot, paymentKey: paymentKey) }
    }

    /// Cancels through the store with a form built from the order, and returns what it wrote.
    @discardableResult
    static func cancel(
        _ database: SQLiteStore, _ order: Order, key: String = UUID().uuidString,
        form: @escaping @Sendable (Order) -> CancellationForm = form()
    ) async throws -> CancellationWriteResult {
        try await database.cancelOrder(request(order, key: key), decide: decide(form))
    }

    /// Every row a cancellation may write, so "nothing changed" can be checked as one comparison.
    struct Picture: Equatable, CustomStringConvertible {
        var counts: [String: Int]
        var order: [String]
        var stock: [String]
        var orderCounts: [String]

        var description: String { "counts \(counts)\norder \(order)\nstock \(stock)" }
    }

    static let tables = [
        "orders", "refunds", "payments", "outbox", "order_events", "inventory_ledger", "stock_levels",
        "cancellations", "idempotency_keys",
    ]

    static func picture(_ database: SQLiteStore, number: Int) async throws -> Picture {
        try await database.pool.read { db in
            var counts: [String: Int] = [:]
            for table in tables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") }
            let row = try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE number = ?", arguments: [number])
            let order = row.map { row in row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" } } ?? []
            let stock = try String.fetchAll(
                db, sql: "SELECT sku || ':' || on_hand || ':' || committed FROM stock_levels ORDER BY sku")
            let orderCounts = try String.fetchAll(
                db, sql: "SELECT bucket || ':' || count FROM order_counts ORDER BY bucket")
            return Picture(counts: counts, order: order, stock: stock, orderCounts: orderCounts)
        }
    }

    struct StockLevel: Equatable {
        var onHand: Int
        var committed: Int
    }

    static func stock(_ database: SQLiteStore) async throws -> [String: StockLevel] {
        try await database.pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT sku, on_hand, committed FROM stock_levels")
            return Dictionary(
                uniqueKeysWithValues: rows.map {
                    ($0["sku"], StockLevel(onHand: $0["on_hand"], committed: $0["committed"]))
                })
        }
    }

    static func units(of order: Order) -> [String: Int] {
        Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
    }
}

extension DeskflowStoreTests {
    @Suite("Cancelling an order in one transaction")
    struct CancelOrderTransaction {
        typealias F = CancelStoreFixtures

        // MARK: All or nothing

        @Test("when the decision throws, nothing at all is written")
        func decideThrows() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, number: order.number)
            struct Refused: Error {}

            // when
            await #expect(throws: Refused.self) {
                try await database.cancelOrder(F.request(order)) { _, _ in throw Refused() }
            }

            // then
            await #expect(try F.picture(database, number: order.number) == before)
        }

        @Test("when writing fails halfway, everything before it is rolled back")
        func failsHalfway() async throws {
            // given a decision that restocks a SKU the order does not hold: its ledger row breaks a foreign key
            // after the order, the refund and the stock of the real lines were already written
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, number: order.number)
            let decide = F.decide(F.form())

            // when
            await #expect(throws: (any Error).self) {
                try await database.cancelOrder(F.request(order)) { snapshot, key in
                    var change = try decide(snapshot, key)
                    change.stock.append(StockMovement(sku: "ZZZ-NOT-A-PRODUCT", onHandChange: 0, committedChange: -1, reason: "Broken"))
                    return change
                }
            }

            // then
            await #expect(try F.picture(database, number: order.number) == before)
        }

        @Test("a stale version is refused before anything is decided or written")
        func staleVersion() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, number: order.number)
            let decided = Atomic(false)

            // when
            await #expect(throws: StaleVersion.self) {
                try await database.cancelOrder(F.request(order, version: order.version - 1)) { _, _ in
                    decided.store(true, ordering: .relaxed)
                    throw F.Invalid()
                }
            }

            // then
            #expect(decided.load(ordering: .relaxed) == false)
            await #expect(try F.picture(database, number: order.number) == before)
        }

        @Test("an unknown order number is refused")
        func unknownOrder() async throws {
            let database = try await StoreFixtures.demoStore()
            var order = try await F.paidOrder()
            order.number = 99_999

            await #expect(throws: OrderWriteError.orderNotFound) { try await F.cancel(database, order) }
        }

        // MARK: Idempotency

        @Test("the same key sent again replays the stored result and writes nothing more")
        func replayedKey() async throws {
            // given an order cancelled under a key
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            try await F.cancel(database, order, key: key)
            let after = try await F.picture(database, number: order.number)
            let decided = Atomic(false)

            // when the same request comes again, with the version it was rendered from
            let replay = try await database.cancelOrder(F.request(order, key: key)) { _, _ in
                decided.store(true, ordering: .relaxed)
                throw F.Invalid()
            }

            // then
            guard case .replayed(let stored) = replay else {
                Issue.record("expected a replay, got \(replay)")
                return
            }
            #expect(
                stored.flash == "Order #\(order.number) cancelled. The refund of \(order.payment.refundable.formatted) "
                    + "is being processed. Customer notified.")
            #expect(decided.load(ordering: .relaxed) == false)
            await #expect(try F.picture(database, number: order.number) == after)
            #expect(try await database.storedResult(key: key) == stored)
        }

        @Test("the replay answers with the flash stored once the gateway answered")
        func replayAfterFlashUpdate() async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            try await F.cancel(database, order, key: key)

            try await database.updateStoredFlash(key: key, flash: "Final word.")
            let replay = try await F.cancel(database, order, key: key)

            guard case .replayed(let stored) = replay else {
                Issue.record("expected a replay, got \(replay)")
                return
            }
            #expect(stored.flash == "Final word.")
        }

        @Test("the same key with different values, or from someone else, is refused and changes nothing")
        func reusedKey() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            try await F.cancel(database, order, key: key)
            let after = try await F.picture(database, number: order.number)
            let decide = F.decide(F.form())

            // when / then
            await #expect(throws: IdempotencyKeyReused()) {
                try await database.cancelOrder(F.request(order, key: key, fingerprint: "something else"), decide: decide)
            }
            await #expect(throws: IdempotencyKeyReused()) {
                try await database.cancelOrder(F.request(order, key: key, staffID: F.staffID + 1), decide: decide)
            }
            await #expect(try F.picture(database, number: order.number) == after)
        }

        // MARK: What a cancellation writes

        @Test("a cancellation writes the order, a pending refund, the message, the record, the events and the key")
        func successfulCancel() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, number: order.number)
            let amount = Money(minorUnits: order.payment.refundable.minorUnits - 100, currency: order.currency)
            let key = UUID().uuidString
            let note = "Called the shop. <b>Urgent</b>"

            // when
            let result = try await F.cancel(
                database, order, key: key, form: F.form(amount: amount.plainAmount, reason: .inventory, note: note))

            // then it answers with the order as it was and the call the gateway must make
            guard case .cancelled(let decidedOn, let change, let pendingCall) = result else {
                Issue.record("expected a cancellation, got \(result)")
                return
            }
            #expect(decidedOn == order)
            #expect(change.cancellation?.refund == amount)
            let call = try #require(pendingCall)
            #expect(call.kind == .refund)
            #expect(call.amount == amount)
            #expect(call.idempotencyKey == "cancel-\(key)")
            #expect(call.orderNumber == order.number)
            #expect(call.cardLast4 == order.payment.method?.last4)
            #expect(call.card?.label == order.payment.method?.label)

            // and the order is cancelled, with who, when and why
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .paid)
            #expect(detail.order.version == order.version + 1)
            #expect(detail.order.issue == nil)
            #expect(
                detail.order.cancellation
                    == CancellationRecord(
                        reason: .inventory, note: note, cancelledAt: StoreFixtures.now, cancelledBy: F.staffName))
            #expect(detail.order.payment.pendingRefunds == amount)
            #expect(detail.order.payment.refundable == Money(minorUnits: 100, currency: order.currency))

            // and one pending refund carries the payment key
            try await database.pool.read { db in
                let refunds = try Row.fetchAll(
                    db, sql: "SELECT * FROM refunds WHERE order_id = ?", arguments: [order.id])
                #expect(refunds.count == 1)
                let refund = try #require(refunds.first)
                #expect(refund["status"] as String == "pending")
                #expect(refund["amount_minor"] as Int64 == amount.minorUnits)
                #expect(refund["idempotency_key"] as String == "cancel-\(key)")
                #expect(refund["requested_by"] as String == F.staffName)

                let outbox = try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE order_id = ?", arguments: [order.id])
                #expect(outbox.count == 1)
                let message = try #require(outbox.first)
                #expect(message["recipient"] as String == order.customer.email)
                #expect(message["state"] as String == "queued")
                #expect(message["kind"] as String == "order_cancelled")
                #expect(message["subject"] as String == "Your order #\(order.number) has been cancelled")
                let body: String = message["body"]
                #expect(body.contains("We are refunding \(amount.formatted)"))
                #expect(!body.contains(note))

                let cancellations = try Row.fetchAll(
                    db, sql: "SELECT * FROM cancellations WHERE order_id = ?", arguments: [order.id])
                #expect(cancellations.count == 1)
                let record = try #require(cancellations.first)
                #expect(record["reason"] as String == "inventory")
                #expect(record["note"] as String == note)
                #expect(record["refund_minor"] as Int64 == amount.minorUnits)
                #expect(record["void_minor"] as Int64 == 0)
                #expect(record["restocked"] as Bool == true)
                #expect(record["notified"] as Bool == true)
                #expect(record["staff_id"] as Int64? == F.staffID)
                #expect(record["staff_name"] as String == F.staffName)

                let stored = try Row.fetchOne(db, sql: "SELECT * FROM idempotency_keys WHERE key = ?", arguments: [key])
                #expect(stored?["request_fingerprint"] as String? == "fingerprint")
                #expect(stored?["staff_id"] as Int64? == F.staffID)
                #expect(
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM payments WHERE order_id = ? AND kind = 'void'",
                        arguments: [order.id]) == 0)
            }

            // and the timeline tells it, with the refund's amount
            let newEvents = detail.events.filter { $0.occurredAt >= StoreFixtures.now }
            #expect(
                newEvents.map(\.kind).sorted { $0.rawValue < $1.rawValue }
                    == [.customerNotified, .itemsRestocked, .orderCancelled, .refundRequested])
            #expect(newEvents.allSatisfy { $0.actor == F.staffName })
            #expect(newEvents.first { $0.kind == .refundRequested }?.amount == amount)
            #expect(newEvents.first { $0.kind == .orderCancelled }?.summary == "Order cancelled: Items unavailable.")

            // and nothing else changed in size (the store never calls the gateway: the refund above waits, pending)
            let after = try await F.picture(database, number: order.number)
            #expect(after.counts["orders"] == before.counts["orders"])
        }

        @Test("the customer is only written to when notify is ticked", arguments: [true, false])
        func outboxOnlyWhenNotified(notify: Bool) async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, number: order.number)

            try await F.cancel(database, order, form: F.form(notify: notify))

            let after = try await F.picture(database, number: order.number)
            #expect(after.counts["outbox"] == before.counts["outbox"]! + (notify ? 1 : 0))
            let events = try #require(try await database.orderDetail(number: order.number)).events
            #expect(events.contains { $0.kind == .customerNotified && $0.occurredAt >= StoreFixtures.now } == notify)
            await #expect(
                try database.count("SELECT notified FROM cancellations WHERE order_id = ?", arguments: [order.id])
                    == (notify ? 1 : 0))
        }

        @Test("restock releases the committed units back to available stock, and the ledger still adds up")
        func restock() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let stockBefore = try await F.stock(database)

            // when
            try await F.cancel(database, order, form: F.form(restock: true))

            // then
            let stockAfter = try await F.stock(database)
            for (sku, units) in F.units(of: order) {
                let was = try #require(stockBefore[sku])
                #expect(stockAfter[sku] == F.StockLevel(onHand: was.onHand, committed: was.committed - units), "\(sku)")
            }
            let others = stockAfter.filter { F.units(of: order)[$0.key] == nil }
            #expect(others == stockBefore.filter { F.units(of: order)[$0.key] == nil })
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM inventory_ledger WHERE order_id = ? AND on_hand_change = 0 AND committed_change < 0",
                    arguments: [order.id]) == F.units(of: order).count)
            await #expect(try InventoryLedger.mismatches(in: database).mismatches.isEmpty)
        }

        @Test("without restock the units are written off: both on hand and committed go down, and the ledger adds up")
        func writeOff() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let stockBefore = try await F.stock(database)

            // when
            try await F.cancel(database, order, form: F.form(restock: false))

            // then
            let stockAfter = try await F.stock(database)
            for (sku, units) in F.units(of: order) {
                let was = try #require(stockBefore[sku])
                #expect(
                    stockAfter[sku] == F.StockLevel(onHand: was.onHand - units, committed: was.committed - units),
                    "\(sku)")
            }
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM inventory_ledger WHERE order_id = ? AND on_hand_change < 0 AND on_hand_change = committed_change AND created_at = ?",
                    arguments: [order.id, StoreFixtures.now]) == F.units(of: order).count)
            await #expect(try InventoryLedger.mismatches(in: database).mismatches.isEmpty)
            await #expect(
                try database.count("SELECT restocked FROM cancellations WHERE order_id = ?", arguments: [order.id]) == 0
            )
            let events = try #require(try await database.orderDetail(number: order.number)).events
            #expect(events.contains { $0.kind == .itemsRestocked && $0.summary.contains("written off") })
        }

        @Test("writing off units of an order never takes stock on hand below zero")
        func writeOffNeverBelowZero() async throws {
            // given an open order for a product with nothing left on the shelf (its units are all promised)
            let database = try await StoreFixtures.demoStore()
            let empty = try await F.stock(database).filter { $0.value.onHand == 0 && $0.value.committed > 0 }.map(\.key)
            let order = try await F.demoOrder("open order of an out-of-stock product") { order in
                order.status == .processing && order.paymentStatus == .paid && order.issue == nil
                    && order.lines.contains { empty.contains($0.sku) }
            }

            // when it is cancelled without restock
            try await F.cancel(database, order, form: F.form(restock: false))

            // then
            let belowZero = try await database.count("SELECT COUNT(*) FROM stock_levels WHERE on_hand < 0 OR committed < 0")
            #expect(belowZero == 0)
        }

        @Test("an order that is only authorized gets a pending void of the whole authorization, and no refund")
        func voidAuthorization() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.demoOrder("authorized") {
                $0.status == .processing && $0.paymentStatus == .authorized && $0.issue == nil
            }
            let key = UUID().uuidString

            // when
            let result = try await F.cancel(database, order, key: key)

            // then
            guard case .cancelled(_, let change, let pendingCall) = result else {
                Issue.record("expected a cancellation, got \(result)")
                return
            }
            #expect(change.cancellation?.void == order.payment.authorized)
            #expect(pendingCall?.kind == .void)
            #expect(pendingCall?.amount == order.payment.authorized)
            #expect(pendingCall?.idempotencyKey == "cancel-\(key)")
            await #expect(try database.count("SELECT COUNT(*) FROM refunds WHERE order_id = ?", arguments: [order.id]) == 0)
            await #expect(
                try database.count(
                    "SELECT COUNT(*) FROM payments WHERE order_id = ? AND kind = 'void' AND status = 'pending' AND idempotency_key = ?",
                    arguments: [order.id, "cancel-\(key)"]) == 1)
            await #expect(
                try database.count("SELECT void_minor FROM cancellations WHERE order_id = ?", arguments: [order.id])
                    == Int(order.payment.authorized.minorUnits))
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.paymentStatus == .authorized)
            #expect(detail.order.status == .cancelled)
        }

        @Test("an order still awaiting payment has nothing to refund: no refund, no void, payment voided")
        func nothingToRefund() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.demoOrder("pending") { $0.status == .pending && $0.paymentStatus == .pending }
            let before = try await F.picture(database, number: order.number)

            // when
            let result = try await F.cancel(database, order, form: F.form(amount: "abc"))

            // then
            guard case .cancelled(_, let change, let pendingCall) = result else {
                Issue.record("expected a cancellation, got \(result)")
                return
            }
            #expect(change.cancellation?.refund.isZero == true && change.cancellation?.void.isZero == true)
            #expect(pendingCall == nil)
            let after = try await F.picture(database, number: order.number)
            #expect(after.counts["refunds"] == before.counts["refunds"])
            #expect(after.counts["payments"] == before.counts["payments"])
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .voided)
        }

        @Test("cancelling a failed order clears its issue and moves the tab counts")
        func clearsIssue() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let order = try await F.demoOrder("payment failed") { $0.issue?.kind == .paymentFailed }
            let failedBefore = try await database.countOrders()[.issue(.paymentFailed)]
            let cancelledBefore = try await database.countOrders()[.status(.cancelled)]

            // when
            try await F.cancel(database, order)

            // then
            let detail = try #require(try await database.orderDetail(number: order.number))
            #expect(detail.order.issue == nil)
            #expect(detail.order.paymentStatus == .failed)
            #expect(try await database.countOrders()[.issue(.paymentFailed)] == failedBefore - 1)
            #expect(try await database.countOrders()[.status(.cancelled)] == cancelledBefore + 1)
        }
    }
}
