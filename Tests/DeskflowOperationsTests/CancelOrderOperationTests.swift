import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Logging
import Synchronization
import Testing

@testable import DeskflowOperations

/// Shared by the cancellation, refund retry, recovery and concurrency tests: a demo store seeded once and copied per
/// test, a manager, the simulated gateway, and looks under the API at what was written.
enum CancelFixtures {
    static let now = OperationsFixtures.now
    static let clock = AppClock.fixed(now)
    /// A process starting again once the lease of every call made at `now` has run out: start-up recovery takes them.
    static let afterLease = AppClock.fixed(now.addingTimeInterval(PaymentCalls.lease + 1))
    static let staff = StaffUser(id: 7, email: "maria@example.com", name: "Maria Manager", role: .manager)

    static let logger: Logger = {
        var logger = Logger(label: "cancel-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// The demo store, seeded once for the whole run, with the simulated provider's ledger.
    static let template = Task { () async throws -> any DeskflowDatabase in
        let database = try TestDatabase.temporary()
        let simulation = try await Simulation.setUp(on: database)
        _ = try await database.seedDemoStore(
            OperationsFixtures.definition(), now: now, paymentCallLedger: simulation.seededPaymentCalls)
        return database
    }

    /// A private copy of the demo store.
    static func demoStore() async throws -> any DeskflowDatabase {
        let path = try await template.value.path + "-\(UUID().uuidString).sqlite"
        try await template.value.backup(to: path)
        return try TestDatabase.open(path: path)
    }

    /// Every demo order, read once from the template (numbers are the same in every copy).
    static let demoOrdersTask = Task { () async throws -> [Order] in
        let database = try await template.value
        var orders: [Order] = []
        var cursor: Int?
        repeat {
            let page = try await database.listOrders(OrderListRequest(after: cursor, limit: 500))
            for summary in page.orders {
                if let order = try await database.orderDetail(number: summary.number)?.order { orders.append(order) }
            }
            cursor = page.nextCursor
        } while cursor != nil
        return orders
    }

    static func demoOrders() async throws -> [Order] { try await demoOrdersTask.value }

    static func demoOrder(_ description: String, where matches: (Order) -> Bool) async throws -> Order {
        try #require(try await demoOrders().first(where: matches), "the demo store has no \(description) order")
    }

    /// A processing order paid in full, nothing refunded, no open issue.
    static func paidOrder(skip: Int = 0) async throws -> Order {
        let orders = try await demoOrders().filter {
            $0.status == .processing && $0.paymentStatus == .paid && $0.issue == nil
        }
        return try #require(orders.dropFirst(skip).first, "the demo store has too few paid processing orders")
    }

    static func authorizedOrder() async throws -> Order {
        try await demoOrder("authorized") { $0.status == .processing && $0.paymentStatus == .authorized && $0.issue == nil }
    }

    static func pendingOrder() async throws -> Order {
        try await demoOrder("awaiting payment") { $0.status == .pending && $0.paymentStatus == .pending }
    }

    /// Puts a test card on an order, as if the customer had paid with it.
    static func setCard(_ database: any DeskflowDatabase, _ number: Int, last4: String) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "UPDATE orders SET payment_last4 = ? WHERE number = ?", arguments: [last4, number])
        }
    }

    static func gateway(_ database: any DeskflowDatabase) -> SimulatedGateway {
        SimulatedGateway(database: database, clock: clock)
    }

    static func cancelOrder(_ database: any DeskflowDatabase, gateway: (any PaymentGateway)? = nil) -> CancelOrder {
        CancelOrder(database: database, gateway: gateway ?? Self.gateway(database), clock: clock, logger: logger)
    }

    static func retryRefund(_ database: any DeskflowDatabase) -> RetryRefund {
        RetryRefund(database: database, gateway: gateway(database), clock: clock, logger: logger)
    }

    static func form(
        _ order: Order, amount: String? = nil, issueRefund: Bool = true, restock: Bool = true, notify: Bool = true,
        reason: CancelReason = .customer, note: String = ""
    ) -> CancellationForm {
        CancellationForm(
            refundAmount: amount ?? order.payment.refundable.plainAmount, issueRefund: issueRefund, restock: restock,
            notifyCustomer: notify, reason: reason.rawValue, note: note)
    }

    /// Cancels through the operation, as the web handler does.
    static func cancel(
        _ database: any DeskflowDatabase, _ order: Order, form: CancellationForm? = nil, key: String = UUID().uuidString,
        version: Int? = nil
    ) async throws -> String {
        try await cancelOrder(database).run(
            number: order.number, form: form ?? Self.form(order), version: version ?? order.version,
            idempotencyKey: key, staff: staff)
    }

    static func detail(_ database: any DeskflowDatabase, _ number: Int) async throws -> OrderDetail {
        try #require(try await database.orderDetail(number: number))
    }

    /// What `deskflow check` reports: the store's invariants, and every payment against the simulated provider's ledger.
    static func checkProblems(_ database: any DeskflowDatabase) async throws -> [StoreProblem] {
        StoreProblem.report(
            try await database.storeProblems(now: now), try await Simulation.setUp(on: database).ledgerProblems())
    }

    /// A paid order cancelled with a full refund that went through: its copy of the store, the order as it was,
    /// the order now and the refund.
    static func cancelledWithRefund() async throws -> (any DeskflowDatabase, Order, OrderDetail, RefundSummary) {
        let database = try await demoStore()
        let order = try await paidOrder()
        _ = try await cancel(database, order)
        let detail = try await detail(database, order.number)
        return (database, order, detail, try #require(detail.refunds.first))
    }

    /// Money the simulated provider actually refunded for an order.
    static func refundedAtGateway(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
        try await count(
            database,
            """
            SELECT COALESCE(SUM(amount_minor), 0) FROM gateway_transactions
            WHERE order_number = ? AND kind = 'refund' AND succeeded
            """, [number])
    }

}

extension DeskflowOperationsTests {
    @Suite("Cancelling an order")
    struct CancelOrderOperation {
        typealias F = CancelFixtures

        @Test("a full refund goes through: the order is cancelled and refunded, and the flash says so")
        func refundSucceeds() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            let card = try #require(order.payment.method)

            // when
            let flash = try await F.cancel(database, order, key: key)

            // then
            #expect(
                flash
                    == "Order #\(order.number) cancelled. Refunded \(order.payment.captured.formatted) to \(card.label). "
                    + "Customer notified.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .refunded)
            #expect(detail.order.issue == nil)
            #expect(detail.order.payment.refunded == order.payment.captured)
            #expect(detail.refunds.map(\.state) == [.succeeded])
            #expect(detail.order.version == order.version + 2)
            let kinds = Set(detail.events.filter { $0.occurredAt >= F.now }.map(\.kind))
            #expect(kinds == [.orderCancelled, .refundRequested, .refundSucceeded, .itemsRestocked, .customerNotified])

            // and the provider refunded it once, under the refund's own key
            let ledger = try await #require(try F.gatewayRow(database, key: "cancel-\(key)"))
            #expect(ledger["kind"] as String == "refund")
            #expect(ledger["succeeded"] as Bool == true)
            #expect(ledger["amount_minor"] as Int64 == order.payment.captured.minorUnits)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))

            // and a repeat of the form gets the final flash, not the provisional one
            #expect(try await database.storedResult(key: key)?.flash == flash)
            #expect(try await F.cancel(database, order, key: key) == flash)
        }

        @Test("a partial refund leaves the payment partially refunded")
        func partialRefund() async throws {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let amount = Money(minorUnits: order.payment.captured.minorUnits / 2, currency: order.currency)

            let flash = try await F.cancel(database, order, form: F.form(order, amount: amount.plainAmount))

            #expect(flash.contains("Refunded \(amount.formatted) to"))
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.paymentStatus == .partiallyRefunded)
            #expect(detail.order.payment.refunded == amount)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(amount.minorUnits))
        }

        @Test(
            "a refund the issuer declines leaves the order cancelled with a refund_failed issue, and the flash says so")
        func refundFails() async throws {
            // given a paid order on the card whose refunds are declined
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            try await F.setCard(database, order.number, last4: SimulatedGateway.TestCard.refundDeclined)

            // when
            let flash = try await F.cancel(database, order)

            // then
            #expect(
                flash == "Order #\(order.number) cancelled. The refund of \(order.payment.captured.formatted) failed: "
                    + "The issuer declined the refund: the card account is closed. Retry it from the order’s menu. Customer notified."
            )
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .paid)
            #expect(detail.order.issue?.kind == .refundFailed)
            #expect(detail.order.issue?.code == "refund_declined")
            #expect(detail.order.issue?.attempts == 1)
            #expect(detail.refunds.map(\.state) == [.failed])
            await #expect(try F.refundedAtGateway(database, order.number) == 0)
            #expect(OrderAction.retryRefund.availability(for: detail.order) == .available)
        }

        @Test("an order that is only authorized is cancelled by voiding the authorization")
        func void() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.authorizedOrder()
            let key = UUID().uuidString

            // when
            let flash = try await F.cancel(database, order, key: key)

            // then
            #expect(
                flash == "Order #\(order.number) cancelled. Released the authorization of "
                    + "\(order.payment.authorized.formatted). Customer notified.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .voided)
            #expect(detail.refunds.isEmpty)
            #expect(detail.events.contains { $0.kind == .authorizationVoided && $0.amount == order.payment.authorized })
            let ledger = try await #require(try F.gatewayRow(database, key: "cancel-\(key)"))
            #expect(ledger["kind"] as String == "void")
            #expect(ledger["succeeded"] as Bool == true)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'succeeded'",
                    ["cancel-\(key)"]) == 1)
        }

        @Test("an order still awaiting payment has nothing to refund, and nothing goes to the gateway")
        func nothingToRefund() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.pendingOrder()
            let ledgerBefore = try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions")

            // when the form still carries an amount
            let flash = try await F.cancel(database, order, form: F.form(order, amount: "10.00"))

            // then
            #expect(flash == "Order #\(order.number) cancelled. Customer notified.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .voided)
            #expect(detail.refunds.isEmpty)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == ledgerBefore)
        }

        @Test("keeping the money cancels without a refund")
        func noRefund() async throws {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()

            let flash = try await F.cancel(database, order, form: F.form(order, issueRefund: false, notify: false))

            #expect(flash == "Order #\(order.number) cancelled. No refund issued.")
            let detail = try await F.detail(database, order.number)
            #expect(detail.order.status == .cancelled)
            #expect(detail.order.paymentStatus == .paid)
            #expect(detail.refunds.isEmpty)
            await #expect(try F.refundedAtGateway(database, order.number) == 0)
        }

        @Test(
            "restock returns the units to available stock; without it they are written off", arguments: [true, false])
        func restock(restock: Bool) async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let units = Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
            let before = try await units.keys.asyncMap { try await F.stock(database, sku: $0) }

            // when
            _ = try await F.cancel(database, order, form: F.form(order, restock: restock))

            // then
            for (index, sku) in units.keys.enumerated() {
                let after = try await F.stock(database, sku: sku)
                let quantity = units[sku]!
                #expect(after.committed == before[index].committed - quantity, "\(sku)")
                #expect(after.onHand == before[index].onHand - (restock ? 0 : quantity), "\(sku)")
            }
            await #expect(
                try F.count(database, "SELECT restocked FROM cancellations WHERE order_id = ?", [order.id])
                    == (restock ? 1 : 0))
        }

        @Test("the customer gets an email only when notify is ticked", arguments: [true, false])
        func notify(notify: Bool) async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()

            // when
            let flash = try await F.cancel(database, order, form: F.form(order, notify: notify, reason: .inventory))

            // then
            #expect(flash.hasSuffix("Customer notified.") == notify)
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM outbox WHERE order_id = ?", [order.id]) == (notify ? 1 : 0))
            if notify {
                let body = try await database.pool.read { db in
                    try String.fetchOne(db, sql: "SELECT body FROM outbox WHERE order_id = ?", arguments: [order.id])
                }
                #expect(body?.contains(CancellationWording.customerExplanation(.inventory)) == true)
            }
        }

        @Test("a note with script text is stored as typed and kept out of the customer's email")
        func noteWithScript() async throws {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let note = "<script>alert(\"x\")</script>"

            _ = try await F.cancel(database, order, form: F.form(order, note: note))

            #expect(try await F.detail(database, order.number).order.cancellation?.note == note)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM outbox WHERE order_id = ? AND body LIKE '%<script>%'", [order.id])
                    == 0)
        }

        // MARK: Refusals

        @Test("an invalid form is answered with every error and the order as it is, and nothing changes")
        func invalidForm() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let before = try await F.picture(database, order.number)

            // when
            let form = F.form(order, amount: "1e3", reason: .customer, note: String(repeating: "x", count: 501))
            await #expect {
                try await F.cancel(database, order, form: form)
            } throws: { error in
                guard case OrderActionError.invalid(let errors) = error else { return false }
                return errors.errors.map(\.field) == ["refund_amount", "note"]
            }

            // then
            await #expect(try F.picture(database, order.number) == before)
        }

        @Test(
            "a fulfilled or cancelled order is refused with the reason, and nothing changes",
            arguments: [
                OrderStatus.fulfilled, .cancelled,
            ])
        func refused(status: OrderStatus) async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.demoOrder(status.rawValue) { $0.status == status }
            let before = try await F.picture(database, order.number)
            let expected: CancellationRefusal =
                status == .fulfilled
                ? .fulfilled(orderNumber: order.number) : .alreadyCancelled(orderNumber: order.number)

            // when
            await #expect {
                try await F.cancel(database, order)
            } throws: { error in
                guard case OrderActionError.notAllowed(let reason) = error else { return false }
                return reason == expected.message
            }

            // then
            await #expect(try F.picture(database, order.number) == before)
        }

        @Test("a stale version is answered with the fresh order, and nothing changes")
        func stale() async throws {
            // given an order someone else changed since the dialog opened
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            try await database.pool.write { db in
                try db.execute(
                    sql: "UPDATE orders SET version = version + 1 WHERE number = ?", arguments: [order.number])
            }
            let before = try await F.picture(database, order.number)

            // when
            await #expect {
                try await F.cancel(database, order, version: order.version)
            } throws: { error in
                guard case OrderActionError.stale(let current) = error else { return false }
                return current.version == order.version + 1 && current.status == .processing
            }

            // then
            await #expect(try F.picture(database, order.number) == before)
        }

        @Test("the same key sent with other values is refused, and nothing more happens")
        func keyReused() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString
            _ = try await F.cancel(database, order, key: key)
            let after = try await F.picture(database, order.number)

            // when
            await #expect {
                try await F.cancel(database, order, form: F.form(order, reason: .fraud), key: key)
            } throws: { error in
                if case OrderActionError.keyReused = error { return true }
                return false
            }

            // then
            await #expect(try F.picture(database, order.number) == after)
        }

        // MARK: The provider

        @Test(
            "the provider never refunds more than it captured: of two partial refunds that add up to more, the second is refused"
        )
        func gatewayRefusesOverRefund() async throws {
            // given a paid order and two refunds of 60% each, under their own keys
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let gateway = F.gateway(database)
            let sixty = Money(minorUnits: order.payment.captured.minorUnits * 6 / 10, currency: order.currency)
            let left = order.payment.captured - sixty
            let card = order.payment.method?.last4
            func call(_ key: String) -> GatewayCall {
                GatewayCall(idempotencyKey: key, orderNumber: order.number, amount: sixty, cardLast4: card)
            }

            // when
            let first = try await gateway.refund(call("partial-1"))
            let second = try await gateway.refund(call("partial-2"))

            // then
            #expect(first.succeeded)
            #expect(!second.succeeded)
            #expect(second.failureCode == "amount_too_large")
            #expect(second.failureMessage == "The refund is more than the \(left.formatted) left to refund.")
            await #expect(try F.refundedAtGateway(database, order.number) == Int(sixty.minorUnits))

            // and asking again under the first key answers the first result without refunding again
            let again = try await gateway.refund(call("partial-1"))
            #expect(again == first)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(sixty.minorUnits))
        }

        @Test("two partial refunds racing at the provider never add up to more than was captured")
        func gatewayRace() async throws {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let gateway = F.gateway(database)
            let sixty = Money(minorUnits: order.payment.captured.minorUnits * 6 / 10, currency: order.currency)

            let outcomes = try await withThrowingTaskGroup(of: GatewayOutcome.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await gateway.refund(
                            GatewayCall(
                                idempotencyKey: "race-\(index)", orderNumber: order.number, amount: sixty,
                                cardLast4: order.payment.method?.last4))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(outcomes.filter(\.succeeded).count == 1)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(sixty.minorUnits))
        }
    }
}
