import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Demo store")
    struct DemoStore {
        @Test("holds 300 orders, 48 products and 60 customers")
        func sizes() async throws {
            let database = try await StoreFixtures.sharedDemoStore()

            await #expect(try database.count("SELECT COUNT(*) FROM orders") == 300)
            await #expect(try database.count("SELECT COUNT(*) FROM products") == 48)
            await #expect(try database.count("SELECT COUNT(*) FROM stock_levels") == 48)
            await #expect(try database.count("SELECT COUNT(*) FROM customers") == 60)
            #expect(try await database.allOrders(limit: 50).count == 300)
            await #expect(try !database.isStoreEmpty())
        }

        @Test("seeding reports what it wrote")
        func seedSummary() async throws {
            // given
            let database = try SQLiteStore.temporary()
            #expect(try await database.isStoreEmpty())

            // when
            let summary = try await database.seedDemoStore(StoreFixtures.definition(), now: StoreFixtures.now)

            // then
            #expect(summary == SeedSummary(products: 48, customers: 60, orders: 300))
        }

        @Test("every possible order state appears at least once")
        func everyStateAppears() async throws {
            let orders = try await StoreFixtures.demoOrders()
            let seen = Set(orders.map(\.state))

            let missing = OrderState.allPossible.filter { !seen.contains($0) }
            #expect(missing.isEmpty, "states never seeded: \(missing)")
            let impossible = seen.filter { !$0.isPossible }
            #expect(impossible.isEmpty, "states that cannot happen: \(impossible)")
        }

        @Test(
            "shows the failures a manager works through",
            arguments: [
                (IssueKind.paymentFailed, 5, ["card_declined", "insufficient_funds", "expired_card"]),
                (.processingError, 3, ["missing_postal_code", "address_unverified", "tax_calculation_failed"]),
                (.fulfillmentFailed, 3, ["stock_unavailable", "carrier_rejected", "address_undeliverable"]),
                (.refundFailed, 1, ["refund_declined"]),
            ]
        )
        func failures(kind: IssueKind, atLeast minimum: Int, codes: [String]) async throws {
            let orders = try await StoreFixtures.sharedDemoStore().allOrders(filter: .issue(kind))
            let issues = orders.compactMap(\.issue)

            #expect(orders.count >= minimum)
            #expect(issues.count == orders.count)
            #expect(issues.allSatisfy { $0.kind == kind })
            #expect(Set(issues.map(\.code)).isSuperset(of: codes))
            #expect(issues.allSatisfy { !$0.message.isEmpty && $0.attempts == 1 })
        }

        enum EverydayOrder: String, CaseIterable {
            case onlyAuthorized = "only authorized"
            case partiallyRefunded = "partially refunded"
            case fulfilled
            case cancelled
            case awaitingPayment = "awaiting payment"

            func matches(_ order: OrderSummary) -> Bool {
                switch self {
                case .onlyAuthorized: order.paymentStatus == .authorized && order.status == .processing
                case .partiallyRefunded: order.paymentStatus == .partiallyRefunded
                case .fulfilled: order.status == .fulfilled && order.fulfillmentStatus == .fulfilled
                case .cancelled: order.status == .cancelled
                case .awaitingPayment: order.status == .pending && order.paymentStatus == .pending
                }
            }
        }

        @Test("includes the everyday orders a manager sees", arguments: EverydayOrder.allCases)
        func everydayOrders(kind: EverydayOrder) async throws {
            let orders = try await StoreFixtures.demoOrders()
            #expect(orders.contains(where: kind.matches), "no \(kind.rawValue) order")
        }

        @Test("is numbered from 1001 upwards, in the order the orders were placed")
        func numbering() async throws {
            let orders = try await StoreFixtures.demoOrders()

            #expect(orders.map(\.number).sorted() == Array(1001...1300))
            // Newest first, so the numbers count down.
            #expect(orders.map(\.number) == Array((1001...1300).reversed()))
            #expect(orders.allSatisfy { $0.placedAt < StoreFixtures.now })
        }

        @Test("is the same every time it is seeded with the same now")
        func deterministic() async throws {
            // given
            let first = try await StoreFixtures.sharedDemoStore()
            let second = try SQLiteStore.temporary()

            // when
            _ = try await second.seedDemoStore(StoreFixtures.definition(), now: StoreFixtures.now)

            // then
            let firstOrders = try await first.allOrders()
            let secondOrders = try await second.allOrders()
            #expect(firstOrders.count == 300)
            #expect(firstOrders == secondOrders)
            for number in [1001, 1150, 1300] {
                let a = try #require(try await first.orderDetail(number: number))
                let b = try #require(try await second.orderDetail(number: number))
                #expect(a.order.lines == b.order.lines)
                #expect(a.order.customer == b.order.customer)
                #expect(a.order.payment == b.order.payment)
                #expect(a.events == b.events)
            }
        }

        @Test("moves with the now it is seeded at")
        func followsNow() async throws {
            let later = try SQLiteStore.temporary()
            _ = try await later.seedDemoStore(StoreFixtures.definition(), now: StoreFixtures.now.addingTimeInterval(86_400))

            let original = try #require(try await StoreFixtures.sharedDemoStore().orderDetail(number: 1001))
            let moved = try #require(try await later.orderDetail(number: 1001))
            // Dates are stored to the millisecond.
            #expect(abs(moved.order.placedAt.timeIntervalSince(original.order.placedAt) - 86_400) < 0.002)
        }

        @Test("is only ever seeded into an empty database")
        func refusesNonEmptyDatabase() async throws {
            // given
            let database = try await StoreFixtures.demoStore()

            // when
            let error = await #expect(throws: StoreError.self) {
                try await database.seedDemoStore(StoreFixtures.definition(), now: StoreFixtures.now)
            }

            // then
            guard case .conflict = error else {
                Issue.record("expected .conflict, got \(String(describing: error))")
                return
            }
            #expect(try await database.count("SELECT COUNT(*) FROM orders") == 300)
            #expect(try await database.count("SELECT COUNT(*) FROM products") == 48)
        }

        @Test("every timeline starts with the order being placed and runs newest first")
        func timelines() async throws {
            let details = try await StoreFixtures.demoOrderDetails()
            #expect(details.count == 300)

            for detail in details {
                let number = detail.order.number
                let kinds = detail.events.map(\.kind)
                #expect(kinds.last == .orderPlaced, "order #\(number) does not start with order_placed: \(kinds)")
                #expect(kinds.filter { $0 == .orderPlaced }.count == 1, "order #\(number)")
                let times = detail.events.map(\.occurredAt)
                #expect(zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }, "order #\(number) is not newest first")
                #expect(detail.events.last?.occurredAt == detail.order.placedAt, "order #\(number)")
            }
        }

        @Test("nothing in a timeline, an issue or a refund happens after the moment of seeding")
        func nothingInTheFuture() async throws {
            for detail in try await StoreFixtures.demoOrderDetails() {
                let number = detail.order.number
                #expect(detail.events.allSatisfy { $0.occurredAt <= StoreFixtures.now }, "order #\(number) has a future event")
                #expect((detail.order.issue?.since ?? .distantPast) <= StoreFixtures.now, "order #\(number) fails in the future")
                #expect(detail.refunds.allSatisfy { $0.requestedAt <= StoreFixtures.now }, "order #\(number) refunds in the future")
            }
        }

        @Test(
            "cancelled orders say so on their timeline and in their record; others do not",
            arguments: [OrderStatus.cancelled, .pending, .processing, .fulfilled]
        )
        func cancellationTimeline(status: OrderStatus) async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let orders = try await database.allOrders(filter: .status(status))
            #expect(!orders.isEmpty)

            for summary in orders {
                let detail = try #require(try await database.orderDetail(number: summary.number))
                let cancelledOnTimeline = detail.events.contains { $0.kind == .orderCancelled }
                #expect(cancelledOnTimeline == (status == .cancelled), "order #\(summary.number)")
                #expect((detail.order.cancellation != nil) == (status == .cancelled), "order #\(summary.number)")
            }
        }

        @Test("an order number that does not exist has no detail")
        func unknownOrder() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            #expect(try await database.orderDetail(number: 999) == nil)
            #expect(try await database.orderDetail(number: 1301) == nil)
            #expect(try await database.orderDetail(number: 1001) != nil)
        }
    }
}
