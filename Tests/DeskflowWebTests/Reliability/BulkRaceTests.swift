import DeskflowDomain
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// A bulk retry and a manager's own retry of the same order at the same moment: the card is charged once.
@Suite("A bulk retry racing single retries")
struct BulkRaceTests {
    @Test("20 bulk retries and 20 single retries of one order at once: one charge at the provider")
    func bulkAgainstSingle() async throws {
        let app = try await TestApp.make()
        let number = try await CancelOrderTests.order(app.database, .issue(.paymentFailed))
        let chargesBefore = try await BulkActionsTests.charges(app.database, number)
        let (singles, bulks) = try await app.run { client in
            let cookie = try await client.signIn()
            let version = try await #require(try await app.database.orderDetail(number: number)).order.version
            let card = try await client.post(
                "/orders/\(number)/payment/method", cookie: cookie,
                form: RaceTests.fields(version: version, key: "bulk-race-method-1", ["payment_method": "visa-4242"]))
            #expect(card.status == .seeOther)
            let single = RaceTests.fields(version: version + 1, key: "bulk-race-single-1")
            return try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        if index.isMultiple(of: 2) {
                            return (try await client.post("/orders/\(number)/payment/retry", cookie: cookie, form: single).status, nil)
                        }
                        let response = try await BulkActionsTests.post(
                            client, cookie: cookie, orders: [String(number)], action: "retry", key: "bulk-race-bulk-1")
                        return (response.status, BulkActionsTests.outcomes(response.html)[String(number)])
                    }
                }
                var singles: [HTTPResponse.Status] = []
                var bulks: [(HTTPResponse.Status, String?)] = []
                for try await (status, outcome) in group {
                    if outcome == nil, status != .ok { singles.append(status) } else { bulks.append((status, outcome)) }
                }
                return (singles, bulks)
            }
        }
        // Singles replay their key's answer or find the order changed; every bulk answer is a results page.
        #expect(singles.allSatisfy { $0 == .seeOther || $0 == .conflict }, "\(singles)")
        #expect(bulks.count == 20 && bulks.allSatisfy { $0.0 == .ok && $0.1 != nil }, "\(bulks)")
        #expect(try await BulkActionsTests.charges(app.database, number) == chargesBefore + 1)
        #expect(try await app.database.orderDetail(number: number)?.order.paymentStatus == .paid)
        try await RaceTests.expectBooksBalance(app.database)
    }
}
