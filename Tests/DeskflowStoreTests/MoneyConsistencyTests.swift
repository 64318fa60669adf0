import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Money consistency of the demo orders")
    struct MoneyConsistency {
        static func orders(in paymentStatus: PaymentStatus) async throws -> [Order] {
            try await StoreFixtures.demoOrderDetails().map(\.order).filter { $0.paymentStatus == paymentStatus }
        }

        @Test("nothing is ever refunded or being refunded beyond what was captured")
        func refundableNeverNegative() async throws {
            let orders = try await StoreFixtures.demoOrderDetails().map(\.order)
            #expect(orders.count == 300)

            for order in orders {
                let payment = order.payment
                let left = payment.captured.minorUnits - payment.refunded.minorUnits - payment.pendingRefunds.minorUnits
                #expect(left >= 0, "order #\(order.number) has refunded more than it captured")
                #expect(payment.refundable.minorUnits == left, "order #\(order.number)")
                #expect(payment.captured <= order.totals.total, "order #\(order.number) captured more than its total")
                #expect(payment.captured <= payment.authorized, "order #\(order.number) captured more than authorized")
            }
        }

        @Test("each payment status has the amounts it names", arguments: PaymentStatus.allCases)
        func amountsMatchStatus(_ paymentStatus: PaymentStatus) async throws {
            let orders = try await Self.orders(in: paymentStatus)
            #expect(!orders.isEmpty, "no demo order is \(paymentStatus.rawValue)")

            for order in orders {
                let total = order.totals.total.minorUnits
                let authorized = order.payment.authorized.minorUnits
                let captured = order.payment.captured.minorUnits
                let refunded = order.payment.refunded.minorUnits
                let context: Comment =
                    "order #\(order.number): authorized \(authorized), captured \(captured), refunded \(refunded)"
                switch paymentStatus {
                case .pending, .failed:
                    #expect(authorized == 0 && captured == 0 && refunded == 0, context)
                case .authorized:
                    #expect(authorized == total && captured == 0 && refunded == 0, context)
                case .voided:
                    #expect(captured == 0 && refunded == 0, context)
                case .paid:
                    #expect(captured == total && refunded == 0, context)
                case .partiallyRefunded:
                    #expect(captured == total && 0 < refunded && refunded < captured, context)
                case .refunded:
                    #expect(captured == total && refunded == captured, context)
                }
            }
        }

        @Test("an order's total is its lines, shipping and tax")
        func totalsAddUp() async throws {
            let orders = try await StoreFixtures.demoOrderDetails().map(\.order)
            for order in orders {
                let lines = order.lines.reduce(0) { $0 + $1.lineTotal.minorUnits }
                #expect(!order.lines.isEmpty, "order #\(order.number) has no lines")
                #expect(order.totals.subtotal.minorUnits == lines, "order #\(order.number)")
            }
        }

        @Test("refunds listed on an order add up to what it shows as refunded")
        func refundsAddUp() async throws {
            let details = try await StoreFixtures.demoOrderDetails()
            for detail in details {
                let succeeded = detail.refunds.filter { $0.state == .succeeded }.reduce(0) { $0 + $1.amount.minorUnits }
                #expect(detail.order.payment.refunded.minorUnits == succeeded, "order #\(detail.order.number)")
                let failed = detail.refunds.contains { $0.state == .failed }
                #expect(failed == (detail.order.issue?.kind == .refundFailed), "order #\(detail.order.number)")
            }
        }
    }
}
