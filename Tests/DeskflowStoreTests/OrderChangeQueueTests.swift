import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// The needs-attention queue lists the longest-waiting failure first, whatever the order number or when it was
    /// placed, and an order keeps its place while it keeps failing the same way.
    @Suite("Attention queue order as issues change")
    struct OrderChangeQueue {
        typealias F = OrderChangeFixtures

        static func queue(_ database: SQLiteStore, _ filter: OrderFilter = .needsAttention, limit: Int = 1_000) async throws -> [Int] {
            try await database.allOrders(filter: filter, limit: limit).map(\.number)
        }

        static func setIssue(
            _ database: SQLiteStore, _ number: Int, _ kind: IssueKind, at time: Date
        ) async throws {
            try await database.applyOutcome(orderNumber: number, actor: "Warehouse", now: time) { _ in
                var change = OrderChange()
                change.issue = .set(kind: kind, code: "test", message: "Test failure.")
                return change
            }
        }

        @Test("the demo store's queue runs oldest issue first, not by order number, and pages the same way")
        func demoQueue() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let summaries = try await database.allOrders(filter: .needsAttention)
            #expect(summaries.count >= 10)
            let since = summaries.map { $0.issue!.since }
            #expect(since == since.sorted())
            #expect(summaries.map(\.number) != summaries.map(\.number).sorted(), "the demo queue should not be in number order")
            #expect(try await Self.queue(database, limit: 3) == summaries.map(\.number))
        }

        @Test("a new failure joins the end; one older than all goes first; a repeat keeps its place; clearing leaves")
        func placesInQueue() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let queue = try await Self.queue(database)
            let summaries = try await database.allOrders(filter: .needsAttention)
            let oldest = try #require(summaries.first?.issue?.since)
            let newest = try #require(summaries.last?.issue?.since)
            let healthy = try await StoreFixtures.demoOrders().filter { $0.issue == nil && $0.status == .processing }
            let first = try #require(healthy.first).number
            let second = try #require(healthy.dropFirst().first).number

            // when an order fails after all the others
            try await Self.setIssue(database, first, .fulfillmentFailed, at: newest.addingTimeInterval(3_600))
            // then it is last
            #expect(try await Self.queue(database) == queue + [first])

            // when another fails with a start older than every other
            try await Self.setIssue(database, second, .processingError, at: oldest.addingTimeInterval(-3_600))
            // then it is first
            #expect(try await Self.queue(database) == [second] + queue + [first])

            // when the first fails again later, the same way
            try await Self.setIssue(database, first, .fulfillmentFailed, at: newest.addingTimeInterval(7_200))
            #expect(try await Self.queue(database) == [second] + queue + [first])

            // when the second's failure becomes a different kind, it starts over at the end
            try await Self.setIssue(database, second, .fulfillmentFailed, at: newest.addingTimeInterval(10_800))
            #expect(try await Self.queue(database) == queue + [first, second])

            // and the failure's own tab shows the same order
            let tab = try await Self.queue(database, .issue(.fulfillmentFailed), limit: 2)
            #expect(tab.suffix(2) == [first, second])
            let tabSince = try await database.allOrders(filter: .issue(.fulfillmentFailed)).map { $0.issue!.since }
            #expect(tabSince == tabSince.sorted())

            // when the issue clears, the order leaves the queue
            try await database.applyOutcome(orderNumber: first, actor: "Warehouse", now: StoreFixtures.now) { _ in
                var change = OrderChange()
                change.issue = .clear
                return change
            }
            #expect(try await Self.queue(database) == queue + [second])
        }
    }
}
