import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStoreSQLite
import Foundation
import GRDB
import Logging
import Testing

/// An SQLite store with something of everything in it, and what the store API shows of a store.
enum StoreCopyFixtures {
    static let now = PostgresStoreFixture.now
    static let clock = AppClock.fixed(now)
    static let logger: Logger = {
        var logger = Logger(label: "copy-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// The demo store and 200 generated orders, with the simulated provider's books, then what a manager and a
    /// storefront do: a cancel with a refund (its customer message queued), a failed payment marked paid, stock
    /// received, a message sent, a storefront token and an order placed through it, a signed-in session.
    static func storeWithActions() async throws -> SQLiteStore {
        let store = try SQLiteStore.temporary()
        let simulation = try await Simulation.setUp(on: store)
        let definition = try SeedingFixtures.definition()
        _ = try await store.seedDemoStore(definition, now: now, paymentCallLedger: simulation.seededPaymentCalls)
        try await store.seedBulkOrders(
            count: 200, definition: definition, now: now, batchSize: nil, paymentCallLedger: simulation.seededPaymentCalls,
            progress: { _ in })
        let staff = try await store.addStaffUser(
            email: "maria@example.com", name: "Maria Manager", role: .manager, passwordHash: "$2b$12$hash", now: now)
        let orders = try await allOrders(store)
        let gateway = simulation.gateway(clock: clock)

        let paid = try #require(orders.first { $0.status == .processing && $0.paymentStatus == .paid && $0.issue == nil })
        _ = try await CancelOrder(database: store, gateway: gateway, clock: clock, logger: logger).run(
            number: paid.number,
            form: CancellationForm(
                refundAmount: paid.payment.refundable.plainAmount, issueRefund: true, restock: true, notifyCustomer: true,
                reason: CancelReason.customer.rawValue, note: "Moved to PostgreSQL"),
            version: paid.version, idempotencyKey: "cancel-before-copy", staff: staff)

        let failed = try #require(orders.first { $0.issue?.kind == .paymentFailed })
        _ = try await PaymentResolution(database: store, gateway: gateway, clock: clock, logger: logger).markPaid(
            number: failed.number, version: failed.version, key: "mark-paid-before-copy", staff: staff,
            reference: "BANK-4711")

        let sku = try #require(try await store.stockLevels().first?.sku)
        _ = try await InventoryAdjustments(database: store, clock: clock).adjust(
            sku: sku, form: StockAdjustmentForm(adjustment: "+5", onHand: "", reason: "Delivery"),
            key: "stock-before-copy", staff: staff)

        let instance = InstanceID("copy-test")
        let message = try #require(try await store.claimNextMessage(for: instance, now: now))
        #expect(try await store.recordDelivery(messageID: message.id, .sent, by: instance, now: now))

        let token = try await StorefrontTokens(database: store, clock: clock).create(name: "storefront", role: .manager)
        _ = try await placeStorefrontOrder(store, token: token.record, key: "checkout-before-copy", simulation: simulation)

        try await store.saveSession(
            id: "session-before-copy", data: Data(#"{"staff":1}"#.utf8), expiresAt: now.addingTimeInterval(3_600),
            staffID: staff.id)
        return store
    }

    /// Writes that take new ids and numbers: an order placed, a staff member added, a token made. Returns them.
    static func writeAfterCopy(_ store: any DeskflowDatabase, simulation: Simulation) async throws -> [Int64] {
        let token = try #require(try await store.apiTokens().first)
        let number = try await placeStorefrontOrder(store, token: token, key: "checkout-after-copy", simulation: simulation)
        let staff = try await store.addStaffUser(
            email: "after@example.com", name: "After Copy", role: .viewer, passwordHash: "$2b$12$hash", now: now)
        let newToken = try await StorefrontTokens(database: store, clock: clock).create(name: "second", role: .viewer)
        return [Int64(number), staff.id, newToken.record.id]
    }

    /// A storefront order for the first product of the catalog, paid through the simulated provider; its number.
    static func placeStorefrontOrder(
        _ store: any DeskflowDatabase, token: APIToken, key: String, simulation: Simulation
    ) async throws -> Int {
        let sku = try #require(try await store.stockLevels().first?.sku)
        let price = try #require(try await store.catalog(skus: [sku])[sku]).price.minorUnits
        let body = try JSONSerialization.data(withJSONObject: [
            "currency": "USD",
            "customer": ["name": "Ada Lovelace", "email": "ada@example.com"],
            "shipping_address": [
                "name": "Ada Lovelace", "line1": "12 Analytical Way", "city": "Portland", "region": "OR",
                "postal_code": "97201", "country": "US",
            ],
            "lines": [["sku": sku, "quantity": 1, "unit_price_minor": price]],
            "shipping_minor": 500, "tax_minor": 0,
            "payment": [
                "provider": "simulated", "status": "paid", "amount_minor": price + 500,
                "method": ["brand": "Visa", "last4": "4242"],
            ],
        ] as [String: Any])
        let request = try JSONDecoder().decode(StorefrontOrderRequest.self, from: body)
        let result = try await PlaceStorefrontOrder(
            database: store, clock: clock, simulatedLedger: simulation.seededPaymentCalls
        ).place(request, body: body, token: token, key: key) { document in (201, Data("\(document.number)".utf8)) }
        guard case .success(.placed(let number, _, _)) = result else {
            throw StoreError.conflict("the storefront order was not placed: \(result)")
        }
        return number
    }

    static func allOrders(_ store: any DeskflowDatabase) async throws -> [Order] {
        var orders: [Order] = []
        var cursor: Int?
        repeat {
            let page = try await store.listOrders(OrderListRequest(after: cursor, limit: 500))
            for summary in page.orders {
                if let order = try await store.orderDetail(number: summary.number)?.order { orders.append(order) }
            }
            cursor = page.nextCursor
        } while cursor != nil
        return orders
    }

    /// Runs SQL on the SQLite file behind the store's back, foreign keys unchecked: a row the store would never write.
    static func execute(_ store: SQLiteStore, _ sql: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        try queue.write { db in try db.execute(sql: sql) }
    }

    static func fullView(of store: any DeskflowDatabase) async throws -> CopiedStoreView {
        try await CopiedStoreView(of: store, now: now)
    }
}

/// Everything a manager, a storefront and the delivery worker see of a store: the seeded view's tabs, pages,
/// documents, stock and report, and the notifications, staff, tokens, pending calls, a session and a stored answer.
struct CopiedStoreView {
    var seeded: SeededStoreView
    /// The rest, each as it prints (in a fixed order), so a difference names itself.
    var rest: [String: String] = [:]

    init(of store: any DeskflowDatabase, now: Date) async throws {
        seeded = try await SeededStoreView(of: store, now: now)
        var notifications: [NotificationSummary] = []
        var before: Int64?
        repeat {
            let page = try await store.notifications(state: nil, before: before, limit: 100)
            notifications += page.items
            before = page.next
        } while before != nil
        rest["notifications"] = "\(notifications)"
        var details: [String] = []
        for notification in notifications {
            details.append("\(String(describing: try await store.notification(id: notification.id)))")
        }
        rest["notification details"] = details.joined(separator: "\n")
        rest["notification counts"] = try await store.notificationCounts()
            .map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " ")
        rest["staff"] = "\(try await store.staffMembers())"
        rest["tokens"] = "\(try await store.apiTokens())"
        rest["pending calls"] = "\(try await store.pendingPaymentCalls())"
        rest["session"] = "\(String(describing: try await store.sessionData(id: "session-before-copy", now: now)))"
        if let token = try await store.apiTokens().first {
            rest["storefront answer"] = "\(String(describing: try await store.storedAPIResponse(tokenID: token.id, key: "checkout-before-copy")))"
        }
        rest["stored result"] = "\(String(describing: try await store.storedResult(key: "cancel-before-copy")))"
        let search = try #require(OrderSearch("ada"))
        rest["searches"] = "\(try await store.listOrders(OrderListRequest(search: search, limit: 50)).orders)"
    }

    func expectSame(as other: CopiedStoreView, sourceLocation: SourceLocation = #_sourceLocation) {
        seeded.expectSame(as: other.seeded, sourceLocation: sourceLocation)
        #expect(rest.keys.sorted() == other.rest.keys.sorted(), sourceLocation: sourceLocation)
        for (name, mine) in rest.sorted(by: { $0.key < $1.key }) {
            #expect(mine == other.rest[name], "\(name)", sourceLocation: sourceLocation)
        }
    }
}
