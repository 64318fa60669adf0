import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

/// Shared by the failed-order tests: the operations wired to a private copy of the demo store with the simulated
/// gateway and warehouse and a fixed clock, the demo's failed orders by code, and looks under the API.
enum ResolutionFixtures {
    typealias C = CancelFixtures

    static let staff = C.staff

    static func demoStore() async throws -> any DeskflowDatabase { try await C.demoStore() }

    static func payments(_ database: any DeskflowDatabase, gateway: (any PaymentGateway)? = nil) -> PaymentResolution {
        PaymentResolution(database: database, gateway: gateway ?? C.gateway(database), clock: C.clock, logger: C.logger)
    }

    static func shipping(
        _ database: any DeskflowDatabase, warehouse: (any Warehouse)? = nil, gateway: (any PaymentGateway)? = nil
    ) -> ShippingResolution {
        ShippingResolution(
            database: database, warehouse: warehouse ?? SimulatedWarehouse(database: database, clock: C.clock),
            gateway: gateway ?? C.gateway(database), clock: C.clock, logger: C.logger)
    }

    static func messages(_ database: any DeskflowDatabase) -> CustomerMessages { CustomerMessages(database: database, clock: C.clock) }

    static func inventory(_ database: any DeskflowDatabase) -> InventoryAdjustments {
        InventoryAdjustments(database: database, clock: C.clock)
    }

    /// The demo order failed with this code (the numbers are the same in every copy of the demo store).
    static func failed(_ kind: IssueKind, code: String? = nil, skip: Int = 0) async throws -> Order {
        let orders = try await C.demoOrders().filter {
            $0.issue?.kind == kind && (code == nil || $0.issue?.code == code) && $0.status != .cancelled
        }
        return try #require(orders.dropFirst(skip).first, "the demo store has no \(kind) \(code ?? "") order")
    }

    /// A processing order with no issue whose every line the shelf can fill.
    static func readyOrder(payment: PaymentStatus? = .paid, shelfCanFill: Bool = true) async throws -> Order {
        let stock = try await C.template.value.stockLevels()
        return try await C.demoOrder("ready \(payment.map(\.rawValue) ?? "")") {
            $0.status == .processing && (payment == nil || $0.paymentStatus == payment) && $0.issue == nil
                && $0.fulfillmentStatus == .unfulfilled
                && StockShortfall.of($0.lines, stock: stock).isEmpty == shelfCanFill
        }
    }

    static func cancelledOrder() async throws -> Order {
        try await C.demoOrder("cancelled") { $0.status == .cancelled && $0.issue == nil }
    }

    static func current(_ database: any DeskflowDatabase, _ number: Int) async throws -> Order {
        try await C.detail(database, number).order
    }

    /// The timeline entries written since the demo store was seeded, oldest first.
    static func newEvents(_ database: any DeskflowDatabase, _ number: Int) async throws -> [OrderEvent] {
        let seeded = Set(try #require(try await C.template.value.orderDetail(number: number)).events)
        return try await C.detail(database, number).events.filter { !seeded.contains($0) }.reversed()
    }

    static func newEventKinds(_ database: any DeskflowDatabase, _ number: Int) async throws -> [OrderEventKind] {
        try await newEvents(database, number).map(\.kind)
    }

    /// Products whose stock level is not the sum of their ledger rows.
    static func ledgerMismatches(_ database: any DeskflowDatabase) async throws -> [String] {
        try await database.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT s.sku FROM stock_levels s LEFT JOIN inventory_ledger l ON l.sku = s.sku GROUP BY s.sku
                HAVING s.on_hand != COALESCE(SUM(l.on_hand_change), 0) OR s.committed != COALESCE(SUM(l.committed_change), 0)
                """)
        }
    }

    /// Every product's stock, as `SKU:on hand:committed`.
    static func stockSnapshot(_ database: any DeskflowDatabase) async throws -> [String] {
        try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT sku || ':' || on_hand || ':' || committed FROM stock_levels ORDER BY sku")
        }
    }

    static func units(of order: Order) -> [String: Int] {
        Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
    }

    /// Succeeded charges and captures the simulated provider holds for an order, in minor units.
    static func takenAtGateway(_ database: any DeskflowDatabase, _ number: Int) async throws -> Int {
        try await count(
            database,
            """
            SELECT COALESCE(SUM(amount_minor), 0) FROM gateway_transactions
            WHERE order_number = ? AND kind IN ('charge', 'capture') AND succeeded
            """, [number])
    }

    /// The error an operation answered with, `nil` when it succeeded, in a form that reads well in expectations.
    static func refusal(_ body: () async throws -> String) async -> String? {
        do {
            let flash = try await body()
            return "succeeded: \(flash)"
        } catch let error as OrderActionError {
            switch error {
            case .orderNotFound: return "orderNotFound"
            case .notAllowed(let reason): return "notAllowed: \(reason)"
            case .stale: return "stale"
            case .invalid(let errors): return "invalid: " + errors.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            case .keyReused: return "keyReused"
            }
        } catch {
            return "unexpected: \(error)"
        }
    }

    /// The fields an operation refused, `nil` when it answered anything else.
    static func invalidFields(_ body: () async throws -> String) async -> [String]? {
        do {
            _ = try await body()
            return nil
        } catch OrderActionError.invalid(let errors) {
            return errors.errors.map(\.field)
        } catch {
            return nil
        }
    }

    /// An address the simulated warehouse accepts, made from one it refused.
    static func fixed(_ address: Address) -> Address {
        var fixed = address
        if fixed.postalCode.isEmpty { fixed.postalCode = "83702" }
        if !fixed.line1.contains(where: \.isNumber) || fixed.line1.lowercased().hasPrefix("po box") {
            fixed.line1 = "12 Alder Street"
        }
        if fixed.region.count != 2 || SimulatedWarehouse.blockedRegions.contains(fixed.region) {
            (fixed.city, fixed.region, fixed.postalCode) = ("Portland", "OR", "97205")
        }
        return fixed
    }
}

extension DeskflowOperationsTests {
    /// Every action checks it applies to the order as it stands, under the write lock; a refusal changes nothing.
    @Suite("Order actions refused, stale and repeated")
    struct OrderResolutionChecks {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        static func key() -> String { UUID().uuidString }

        @Test("retrying or asking about a payment that has not failed is refused, and the gateway is not asked")
        func paymentNotFailed() async throws {
            let database = try await F.demoStore()
            let order = try await F.readyOrder()
            let before = try await C.picture(database, order.number)
            let payments = F.payments(database)

            #expect(
                await F.refusal { try await payments.retryPayment(number: order.number, version: order.version, key: Self.key(), staff: F.staff) }
                    == "notAllowed: The payment has not failed.")
            #expect(
                await F.refusal {
                    try await payments.requestPaymentMethod(number: order.number, version: order.version, key: Self.key(), staff: F.staff)
                } == "notAllowed: The payment has not failed.")
            #expect(
                await F.refusal {
                    try await payments.updatePaymentMethod(
                        number: order.number, version: order.version, key: Self.key(), staff: F.staff, choice: "visa-4242")
                } == "notAllowed: The payment has not failed.")
            #expect(
                await F.refusal {
                    try await payments.markPaid(number: order.number, version: order.version, key: Self.key(), staff: F.staff, reference: "BT-1")
                } == "notAllowed: The order is not awaiting payment.")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("a cancelled order cannot be fulfilled, retried or have its address changed")
        func cancelledOrder() async throws {
            let database = try await F.demoStore()
            let order = try await F.cancelledOrder()
            let before = try await C.picture(database, order.number)
            let shipping = F.shipping(database)
            let version = order.version

            #expect(
                await F.refusal {
                    try await shipping.fulfill(number: order.number, version: version, key: Self.key(), staff: F.staff, trackingNumber: "")
                } == "notAllowed: The order is cancelled.")
            #expect(
                await F.refusal { try await shipping.retryFulfillment(number: order.number, version: version, key: Self.key(), staff: F.staff) }
                    == "notAllowed: The order is cancelled.")
            #expect(
                await F.refusal { try await shipping.retryProcessing(number: order.number, version: version, key: Self.key(), staff: F.staff) }
                    == "notAllowed: The order is cancelled.")
            #expect(
                await F.refusal {
                    try await F.payments(database).retryPayment(number: order.number, version: version, key: Self.key(), staff: F.staff)
                } == "notAllowed: The order is cancelled.")
            #expect(
                await F.refusal {
                    try await shipping.updateAddress(
                        number: order.number, version: version, key: Self.key(), staff: F.staff, form: AddressForm(order.shippingAddress))
                } == "notAllowed: The order is cancelled.")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("each retry applies only to its own failure, and fulfilling waits until the failure is resolved")
        func wrongFailure() async throws {
            let database = try await F.demoStore()
            let paymentFailed = try await F.failed(.paymentFailed)
            let processing = try await F.failed(.processingError)
            let ready = try await F.readyOrder()
            let fulfilled = try await C.demoOrder("fulfilled") { $0.status == .fulfilled && $0.issue == nil }
            let shipping = F.shipping(database)
            let gatewayRows = try await F.count(database, "SELECT COUNT(*) FROM gateway_transactions")

            #expect(
                await F.refusal {
                    try await shipping.retryProcessing(number: paymentFailed.number, version: paymentFailed.version, key: Self.key(), staff: F.staff)
                } == "notAllowed: Processing has not failed.")
            #expect(
                await F.refusal { try await shipping.retryFulfillment(number: ready.number, version: ready.version, key: Self.key(), staff: F.staff) }
                    == "notAllowed: Fulfillment has not failed.")
            #expect(
                await F.refusal {
                    try await shipping.fulfill(number: processing.number, version: processing.version, key: Self.key(), staff: F.staff, trackingNumber: "")
                } == "notAllowed: Resolve the open issue first.")
            #expect(
                await F.refusal {
                    try await shipping.fulfill(number: paymentFailed.number, version: paymentFailed.version, key: Self.key(), staff: F.staff, trackingNumber: "")
                } == "notAllowed: Only a processing order can be fulfilled.")
            #expect(
                await F.refusal {
                    try await shipping.updateAddress(
                        number: fulfilled.number, version: fulfilled.version, key: Self.key(), staff: F.staff,
                        form: AddressForm(F.fixed(fulfilled.shippingAddress)))
                } == "notAllowed: The order has already shipped.")
            #expect(
                await F.refusal {
                    try await F.payments(database).retryPayment(number: 999_999, version: 1, key: Self.key(), staff: F.staff)
                } == "orderNotFound")
            for order in [paymentFailed, processing, ready, fulfilled] {
                await #expect(try F.current(database, order.number) == order)
            }
            await #expect(try F.count(database, "SELECT COUNT(*) FROM gateway_transactions") == gatewayRows)
        }

        @Test("a form from before another change is stale when the action still applies, and nothing changes")
        func stale() async throws {
            // given a failed payment someone else has since asked the customer about
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            _ = try await F.payments(database).requestPaymentMethod(
                number: order.number, version: order.version, key: Self.key(), staff: F.staff)
            let before = try await C.picture(database, order.number)

            // when the retry form rendered before that is sent
            let refusal = await F.refusal {
                try await F.payments(database).retryPayment(number: order.number, version: order.version, key: Self.key(), staff: F.staff)
            }

            // then
            #expect(refusal == "stale")
            await #expect(try C.picture(database, order.number) == before)

            // and the same for an address form, and a message
            let processing = try await F.failed(.processingError)
            _ = try await F.shipping(database).updateAddress(
                number: processing.number, version: processing.version, key: Self.key(), staff: F.staff,
                form: AddressForm(F.fixed(processing.shippingAddress)))
            #expect(
                await F.refusal {
                    try await F.shipping(database).updateAddress(
                        number: processing.number, version: processing.version, key: Self.key(), staff: F.staff,
                        form: AddressForm(processing.shippingAddress))
                } == "stale")
            await #expect(try F.current(database, processing.number).shippingAddress == F.fixed(processing.shippingAddress))
            #expect(
                await F.refusal {
                    try await F.messages(database).send(
                        number: processing.number, version: processing.version, key: Self.key(), staff: F.staff,
                        form: CustomerMessageForm(subject: "Hello", body: "Hello."))
                } == "stale")
        }

        @Test("a stale form for an action that no longer applies says why")
        func staleAndResolved() async throws {
            // given a failed payment someone has since marked as paid
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            _ = try await F.payments(database).markPaid(
                number: order.number, version: order.version, key: Self.key(), staff: F.staff, reference: "BT-1")
            let before = try await C.picture(database, order.number)

            // when
            let refusal = await F.refusal {
                try await F.payments(database).retryPayment(number: order.number, version: order.version, key: Self.key(), staff: F.staff)
            }

            // then
            #expect(refusal == "notAllowed: The payment has not failed.")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("a retry sent twice is answered with the first flash, and the gateway is asked once")
        func doubleRetry() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let key = Self.key()
            let first = try await F.payments(database).retryPayment(number: order.number, version: order.version, key: key, staff: F.staff)
            let after = try await C.picture(database, order.number)

            // when
            let second = try await F.payments(database).retryPayment(number: order.number, version: order.version, key: key, staff: F.staff)

            // then
            #expect(second == first)
            await #expect(try C.picture(database, order.number) == after)
            await #expect(try F.current(database, order.number).issue?.attempts == 2)
            await #expect(try C.gatewayRow(database, key: "charge-\(key)")?["attempts"] as Int? == 1)
        }

        @Test("a fulfillment sent twice ships once")
        func doubleFulfill() async throws {
            let database = try await F.demoStore()
            let order = try await F.readyOrder()
            let key = Self.key()
            let shipping = F.shipping(database)
            let first = try await shipping.fulfill(number: order.number, version: order.version, key: key, staff: F.staff, trackingNumber: "")
            let after = try await C.picture(database, order.number)

            let second = try await shipping.fulfill(number: order.number, version: order.version, key: key, staff: F.staff, trackingNumber: "")

            #expect(second == first)
            #expect(first.hasPrefix("Order #\(order.number) fulfilled"))
            await #expect(try C.picture(database, order.number) == after)
            await #expect(try F.newEventKinds(database, order.number) == [.orderFulfilled])
        }

        @Test("an address and a payment recorded twice are written once")
        func doubleAddressAndMarkPaid() async throws {
            let database = try await F.demoStore()
            let processing = try await F.failed(.processingError)
            let form = AddressForm(F.fixed(processing.shippingAddress))
            let key = Self.key()
            let shipping = F.shipping(database)
            let first = try await shipping.updateAddress(number: processing.number, version: processing.version, key: key, staff: F.staff, form: form)
            let second = try await shipping.updateAddress(number: processing.number, version: processing.version, key: key, staff: F.staff, form: form)
            #expect(second == first)
            await #expect(try F.newEventKinds(database, processing.number) == [.addressUpdated])

            let failed = try await F.failed(.paymentFailed)
            let paidKey = Self.key()
            let payments = F.payments(database)
            let paid = try await payments.markPaid(number: failed.number, version: failed.version, key: paidKey, staff: F.staff, reference: "BT-9")
            let again = try await payments.markPaid(number: failed.number, version: failed.version, key: paidKey, staff: F.staff, reference: "BT-9")
            #expect(again == paid)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM payments WHERE order_id = ? AND kind = 'external'", [failed.id]) == 1)
        }

        @Test("the same key sent with different values is refused")
        func keyReused() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let key = Self.key()
            let payments = F.payments(database)
            _ = try await payments.markPaid(number: order.number, version: order.version, key: key, staff: F.staff, reference: "BT-1")
            let after = try await C.picture(database, order.number)

            #expect(
                await F.refusal {
                    try await payments.markPaid(number: order.number, version: order.version, key: key, staff: F.staff, reference: "BT-2")
                } == "keyReused")
            await #expect(try C.picture(database, order.number) == after)
        }

        @Test("two retries of one failed payment sent at once: one goes to the gateway, the other is stale")
        func concurrentRetries() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let payments = F.payments(database)
            let chargesBefore = try await F.count(
                database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'charge'", [order.number])

            async let first = F.refusal {
                try await payments.retryPayment(number: order.number, version: order.version, key: Self.key(), staff: F.staff)
            }
            async let second = F.refusal {
                try await payments.retryPayment(number: order.number, version: order.version, key: Self.key(), staff: F.staff)
            }
            let answers = await [first, second]

            #expect(answers.filter { $0 == "stale" }.count == 1, "\(answers)")
            #expect(answers.filter { $0?.hasPrefix("succeeded: The payment failed again") == true }.count == 1, "\(answers)")
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'charge'", [order.number])
                    == chargesBefore + 1)
            await #expect(try F.current(database, order.number).issue?.attempts == 2)
        }
    }
}
