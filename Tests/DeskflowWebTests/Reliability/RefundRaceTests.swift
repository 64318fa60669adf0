import DeskflowDomain
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// Refunds without cancelling racing on one order: never more back than was captured, never a refund twice.
@Suite("Refunds racing on one order")
struct RefundRaceTests {
    @Test("60 different refunds on the same version at once: exactly one applies, every other one is a 409")
    func sameVersion() async throws {
        let app = try await TestApp.make()
        let number = try await RefundOrderTests.fulfilledPaid(app.database)
        let version = try await RefundOrderTests.detail(app, number).order.version
        let statuses = try await app.run { client in
            let cookie = try await client.signIn()
            return try await RaceTests.race(client, cookie: cookie) { index in
                ("/orders/\(number)/refund", RefundOrderTests.form(["refund_amount": "1.00"], version: version, key: "race-refund-\(index)-0001"))
            }
        }
        let counts = Dictionary(grouping: statuses, by: \.code).mapValues(\.count)
        #expect(counts[303] == 1, "\(counts)")
        #expect(counts[409] == RaceTests.tasks - 1, "\(counts)")
        #expect(try await RefundOrderTests.detail(app, number).refunds.count == 1)
        try await RaceTests.expectBooksBalance(app.database)
    }

    @Test("partial refunds racing, each at the order's latest version: together they never pass what was captured")
    func neverMoreThanCaptured() async throws {
        let app = try await TestApp.make()
        let number = try await RefundOrderTests.fulfilledPaid(app.database)
        let captured = try await RefundOrderTests.detail(app, number).order.payment.captured
        // three of these fit in what was captured, a fourth does not
        let share = Money(minorUnits: captured.minorUnits / 3, currency: captured.currency)
        let workers = 6
        let refunded = try await app.run { client in
            let cookie = try await client.signIn()
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        // each worker refunds `share` until none fits, reading the order afresh after each 409
                        var done = 0
                        for attempt in 0..<200 {
                            let order = try await RefundOrderTests.detail(app, number).order
                            if order.payment.refundable < share { break }
                            let response = try await client.post(
                                "/orders/\(number)/refund", cookie: cookie,
                                form: RefundOrderTests.form(
                                    ["refund_amount": share.plainAmount], version: order.version, key: "race-share-\(worker)-\(attempt)-0001"))
                            if response.status == .seeOther { done += 1 }
                            if response.status == .unprocessableContent { break }
                        }
                        return done
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(refunded == 3)
        let after = try await RefundOrderTests.detail(app, number)
        #expect(after.refunds.count == 3)
        #expect(after.order.payment.refunded == share * 3)
        #expect(after.order.payment.refunded <= captured)
        try await RaceTests.expectBooksBalance(app.database)
    }
}
