import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStoreSQLite
import Foundation
import Synchronization
import Testing

/// What a manager and a storefront see of a seeded store, read through the engine-neutral API, so a store seeded on
/// PostgreSQL can be compared with the same definition seeded on SQLite.
struct SeededStoreView {
    var pages: [OrderFilter: [OrderSummary]] = [:]
    var counts: OrderCounts
    var details: [Int: OrderDetail] = [:]
    var documents: [Int: OrderDocument] = [:]
    var stock: [StockLevel]
    var cancellations: CancellationReport

    /// Reads every list tab page by page, every order's page and document, the stock and the cancellations report of
    /// the two years before `now`.
    init(of store: any DeskflowDatabase, now: Date) async throws {
        counts = try await store.countOrders()
        for filter in OrderFilter.allCases {
            var orders: [OrderSummary] = []
            var after: Int?
            repeat {
                let page = try await store.listOrders(OrderListRequest(filter: filter, after: after, limit: 500))
                orders += page.orders
                after = page.nextCursor
            } while after != nil
            pages[filter] = orders
        }
        for summary in pages[.all] ?? [] {
            details[summary.number] = try await store.orderDetail(number: summary.number)
            documents[summary.number] = try await store.orderDocument(number: summary.number)
        }
        stock = try await store.stockLevels()
        cancellations = try await store.cancellationReport(
            from: now.addingTimeInterval(-3 * 365 * 86_400), to: now.addingTimeInterval(86_400), limit: 100_000)
    }

    /// Expects `other` to show the same, naming the first difference found.
    func expectSame(as other: SeededStoreView, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(counts == other.counts, sourceLocation: sourceLocation)
        for filter in OrderFilter.allCases {
            let mine = pages[filter] ?? []
            let theirs = other.pages[filter] ?? []
            #expect(mine.map(\.number) == theirs.map(\.number), "\(filter.value): order numbers", sourceLocation: sourceLocation)
            if let index = mine.indices.first(where: { $0 < theirs.count && mine[$0] != theirs[$0] }) {
                Issue.record("\(filter.value): \(mine[index]) differs from \(theirs[index])", sourceLocation: sourceLocation)
            }
        }
        #expect(details.keys.sorted() == other.details.keys.sorted(), sourceLocation: sourceLocation)
        if let number = details.keys.sorted().first(where: { details[$0] != other.details[$0] }) {
            Issue.record(
                "order \(number): \(String(describing: details[number])) differs from \(String(describing: other.details[number]))",
                sourceLocation: sourceLocation)
        }
        if let number = documents.keys.sorted().first(where: { documents[$0] != other.documents[$0] }) {
            Issue.record(
                "document \(number): \(String(describing: documents[number])) differs from \(String(describing: other.documents[number]))",
                sourceLocation: sourceLocation)
        }
        #expect(stock == other.stock, sourceLocation: sourceLocation)
        #expect(cancellations.rows == other.cancellations.rows, sourceLocation: sourceLocation)
        #expect(cancellations.totalCount == other.cancellations.totalCount, sourceLocation: sourceLocation)
        #expect(cancellations.byReason == other.cancellations.byReason, sourceLocation: sourceLocation)
        #expect(cancellations.refunded == other.cancellations.refunded, sourceLocation: sourceLocation)
        // Neither engine's report promises an order for its tallies (the trend counts them per day).
        #expect(
            cancellations.tallies.map(String.init(describing:)).sorted()
                == other.cancellations.tallies.map(String.init(describing:)).sorted(),
            sourceLocation: sourceLocation)
    }
}

/// A payment provider's ledger that keeps the calls it is handed, synchronously (as SQLite hands them) or awaiting
/// (as PostgreSQL does).
final class CollectingLedger: SeededPaymentCallLedger, AwaitingPaymentCallLedger {
    private let calls = Mutex<[SeededPaymentCall]>([])
    private let batches = Mutex(0)

    var recorded: [SeededPaymentCall] { calls.withLock { $0 } }
    var recordings: Int { batches.withLock { $0 } }

    func record(_ calls: [SeededPaymentCall], in transaction: SharedTransaction) throws { keep(calls) }

    func record(_ calls: [SeededPaymentCall], awaitingIn transaction: SharedTransaction) async throws { keep(calls) }

    private func keep(_ new: [SeededPaymentCall]) {
        calls.withLock { $0 += new }
        batches.withLock { $0 += 1 }
    }
}

/// A ledger that can only record synchronously, as SQLite's simulated provider does.
struct SynchronousLedger: SeededPaymentCallLedger {
    func record(_ calls: [SeededPaymentCall], in transaction: SharedTransaction) throws {}
}

enum SeedingFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func definition() throws -> DemoStoreDefinition {
        try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
    }
}
