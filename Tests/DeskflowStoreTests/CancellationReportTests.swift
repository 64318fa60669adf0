import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// The cancellations report over the real demo store, and over cancellations made through the store's API.
    @Suite("Cancellation report")
    struct CancellationReportTests {
        typealias F = CancelStoreFixtures

        static let day: TimeInterval = 86_400
        /// Wide enough for every demo cancellation (the demo store's history is 90 days).
        static let everything = (StoreFixtures.now.addingTimeInterval(-120 * day), StoreFixtures.now.addingTimeInterval(Self.day))

        /// The demo store's cancelled orders, as the order pages know them.
        static func cancelledDemoOrders() async throws -> [OrderDetail] {
            try await StoreFixtures.demoOrderDetails().filter { $0.order.status == .cancelled }
        }

        /// The refund a cancellation issued, from the order page's point of view: the latest one requested at or
        /// after the cancellation.
        static func cancellationRefund(_ detail: OrderDetail) -> RefundSummary? {
            guard let cancelledAt = detail.order.cancellation?.cancelledAt else { return nil }
            return detail.refunds.filter { $0.requestedAt >= cancelledAt }.max { $0.id < $1.id }
        }

        @Test("every seeded cancelled order has its cancellation record, and the report lists them all, newest first")
        func demoRows() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let cancelled = try await Self.cancelledDemoOrders()
            #expect(cancelled.count >= 20)
            await #expect(try database.count("SELECT COUNT(*) FROM cancellations") == cancelled.count)

            let report = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 1_000)

            let expected = cancelled.sorted {
                ($0.order.cancellation!.cancelledAt, $0.order.number) > ($1.order.cancellation!.cancelledAt, $1.order.number)
            }
            #expect(report.rows.map(\.orderNumber) == expected.map(\.order.number))
            #expect(report.totalCount == cancelled.count)
            #expect(!report.isTruncated)
            for (row, detail) in zip(report.rows, expected) {
                let order = detail.order
                let record = try #require(order.cancellation)
                #expect(row.cancelledAt == record.cancelledAt)
                #expect(row.reason == record.reason)
                #expect(row.note == record.note)
                #expect(row.staffName == "Store team")
                #expect(row.restocked && row.notified)
                let refund = Self.cancellationRefund(detail)
                #expect(row.refundState == refund?.state, "order \(order.number)")
                #expect(row.refund == (refund?.amount ?? .zero(order.currency)), "order \(order.number)")
                #expect(row.voided == (order.paymentStatus == .voided ? order.totals.total : .zero(order.currency)))
            }
            // The demo store shows each kind of outcome.
            let states = Set(report.rows.map(\.refundState))
            #expect(states.isSuperset(of: [nil, .succeeded, .failed]))
            #expect(report.rows.contains { $0.voided.isPositive })
        }

        @Test("a date range keeps only the cancellations made in it: from included, to excluded")
        func range() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let cancelled = try await Self.cancelledDemoOrders()
            let times = cancelled.map { $0.order.cancellation!.cancelledAt }.sorted()
            // From exactly one cancellation's time to exactly another's.
            let start = times[times.count / 4]
            let end = times[times.count * 3 / 4]

            let report = try await database.cancellationReport(from: start, to: end, limit: 1_000)

            let expected = cancelled.filter { (start..<end).contains($0.order.cancellation!.cancelledAt) }
            #expect(!expected.isEmpty)
            #expect(Set(report.rows.map(\.orderNumber)) == Set(expected.map(\.order.number)))
            #expect(report.rows.map(\.cancelledAt) == report.rows.map(\.cancelledAt).sorted(by: >))
            #expect(report.rows.last?.cancelledAt == start)
            #expect(!report.rows.contains { $0.cancelledAt == end })
        }

        @Test("totals count every reason, and the refunded total adds up the refunds that went through")
        func totals() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let cancelled = try await Self.cancelledDemoOrders()

            let report = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 1_000)

            #expect(report.byReason.map(\.reason) == CancelReason.allCases)
            for total in report.byReason {
                #expect(total.count == cancelled.filter { $0.order.cancellation?.reason == total.reason }.count)
            }
            #expect(report.byReason.map(\.count).reduce(0, +) == report.totalCount)
            let refunded = cancelled.compactMap(Self.cancellationRefund).filter { $0.state == .succeeded }
                .reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            #expect(refunded > 0)
            #expect(report.refunded == [Money(minorUnits: refunded, currency: .usd)])
            let fromRows = report.rows.filter { $0.refundState == .succeeded }.reduce(Int64(0)) { $0 + $1.refund.minorUnits }
            #expect(fromRows == refunded)
        }

        @Test("the limit keeps the newest rows while the totals still cover the whole range")
        func limit() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let all = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 1_000)

            let report = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 3)

            #expect(report.rows == Array(all.rows.prefix(3)))
            #expect(report.totalCount == all.totalCount)
            #expect(report.byReason == all.byReason)
            #expect(report.refunded == all.refunded)
            #expect(report.tallies == all.tallies)
            #expect(report.isTruncated)
        }

        @Test("the tallies hold every cancellation of the range with its reason and only a refund that went through")
        func tallies() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let cancelled = try await Self.cancelledDemoOrders()

            let report = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 3)

            let expected = cancelled.map { detail in
                let refund = Self.cancellationRefund(detail).flatMap { $0.state == .succeeded ? $0.amount : nil }
                return CancellationTally(
                    cancelledAt: detail.order.cancellation!.cancelledAt, reason: detail.order.cancellation!.reason,
                    refunded: refund ?? .zero(detail.order.currency))
            }
            let order = { (tally: CancellationTally) in "\(tally.cancelledAt.timeIntervalSince1970) \(tally)" }
            #expect(report.tallies.count == report.totalCount)
            #expect(report.tallies.map(order).sorted() == expected.map(order).sorted())
            #expect(report.tallies.contains { $0.refunded.isPositive })
            #expect(report.tallies.contains { $0.refunded.isZero })
            let refunded = report.tallies.reduce(Int64(0)) { $0 + $1.refunded.minorUnits }
            #expect(report.refunded == [Money(minorUnits: refunded, currency: .usd)])
        }

        @Test("a range with no cancellations is empty, with every reason at zero")
        func empty() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let report = try await database.cancellationReport(
                from: StoreFixtures.now.addingTimeInterval(Self.day), to: StoreFixtures.now.addingTimeInterval(2 * Self.day), limit: 100)
            #expect(report.rows.isEmpty)
            #expect(report.totalCount == 0)
            #expect(report.byReason.allSatisfy { $0.count == 0 })
            #expect(report.byReason.count == CancelReason.allCases.count)
            #expect(report.refunded.isEmpty)
        }

        @Test(
            "a cancellation made in Deskflow appears with its refund, pending until the gateway answers",
            arguments: [true, false])
        func newCancellation(succeeds: Bool) async throws {
            // given a paid order cancelled with a full refund and a note
            let database = try await StoreFixtures.demoStore()
            let order = try await F.paidOrder()
            let before = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 1_000)
            let note = "Customer wrote: \"cancel, please\" <b>now</b>"
            let result = try await F.cancel(database, order, form: F.form(reason: .inventory, note: note))
            guard case .cancelled(_, _, let call?) = result else { throw F.Invalid() }
            let range = (StoreFixtures.now, StoreFixtures.now.addingTimeInterval(Self.day))

            // then it is the newest row, with the refund pending
            let pending = try await database.cancellationReport(from: range.0, to: range.1, limit: 10)
            let row = try #require(pending.rows.first)
            #expect(pending.rows.count == 1)
            #expect(row.orderNumber == order.number)
            #expect(row.cancelledAt == StoreFixtures.now)
            #expect(row.reason == .inventory)
            #expect(row.note == note)
            #expect(row.refund == order.payment.refundable)
            #expect(row.refundState == .pending)
            #expect(row.voided.isZero)
            #expect(row.restocked && row.notified)
            #expect(row.staffName == F.staffName)
            #expect(pending.byReason.first { $0.reason == .inventory }?.count == 1)
            #expect(pending.refunded.isEmpty)

            // when the gateway answers
            let outcome = succeeds
                ? GatewayOutcome(succeeded: true, reference: "sim_re_test", failureCode: nil, failureMessage: nil)
                : GatewayOutcome(succeeded: false, reference: nil, failureCode: "refund_declined", failureMessage: "Declined.")
            try await database.recordPaymentOutcome(call, outcome: outcome, actor: "Payment gateway", now: StoreFixtures.now + 5)

            // then the row says so, and only a refund that went through counts towards the total
            let answered = try await database.cancellationReport(from: range.0, to: range.1, limit: 10)
            #expect(answered.rows.first?.refundState == (succeeds ? .succeeded : .failed))
            #expect(answered.refunded == (succeeds ? [order.payment.refundable] : []))
            #expect(answered.tallies == [
                CancellationTally(
                    cancelledAt: StoreFixtures.now, reason: .inventory,
                    refunded: succeeds ? order.payment.refundable : .zero(order.currency)),
            ])
            let after = try await database.cancellationReport(from: Self.everything.0, to: Self.everything.1, limit: 1_000)
            #expect(after.totalCount == before.totalCount + 1)
            #expect(after.rows.first?.orderNumber == order.number)
            let beforeRefunded = before.refunded.first?.minorUnits ?? 0
            let afterRefunded = after.refunded.first?.minorUnits ?? 0
            #expect(afterRefunded - beforeRefunded == (succeeds ? order.payment.refundable.minorUnits : 0))
        }

        @Test("cancelling an order that is only authorized shows the void and no refund")
        func voided() async throws {
            let database = try await StoreFixtures.demoStore()
            let order = try await F.demoOrder("authorized") {
                $0.status == .processing && $0.paymentStatus == .authorized && $0.issue == nil
            }
            try await F.cancel(database, order)

            let report = try await database.cancellationReport(
                from: StoreFixtures.now, to: StoreFixtures.now.addingTimeInterval(Self.day), limit: 10)

            let row = try #require(report.rows.first)
            #expect(row.orderNumber == order.number)
            #expect(row.refundState == nil)
            #expect(row.refund.isZero)
            #expect(row.voided == order.payment.authorized)
        }
    }
}
