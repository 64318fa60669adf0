import DeskflowDomain
import Foundation
import GRDB
import Testing

@testable import DeskflowStore

/// The store's specification. Every feature is a nested suite in its own file.
@Suite("Deskflow store")
struct DeskflowStoreTests {}

/// Shared fixtures: the demo store definition, a fixed "now", and databases to test against.
enum StoreFixtures {
    /// Every test reads time from here, never from the system clock.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let definitionResult = Result { () throws -> DemoStoreDefinition in
        try DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
    }

    static func definition() throws -> DemoStoreDefinition { try definitionResult.get() }

    /// The demo store seeded once for the whole run. Tests that only read may use it directly;
    /// tests that write take their own copy with `demoStore()`.
    static let seededTemplate = Result { () throws -> AppDatabase in
        let database = try AppDatabase.temporary()
        _ = try database.seedDemoStore(definition(), now: now)
        return database
    }

    static func sharedDemoStore() throws -> AppDatabase { try seededTemplate.get() }

    /// The shared demo store's orders, newest first, read once.
    static let demoOrdersResult = Result { try sharedDemoStore().allOrders() }
    static func demoOrders() throws -> [OrderSummary] { try demoOrdersResult.get() }

    /// The shared demo store's orders with their lines, payments and timelines, read once.
    static let demoOrderDetailsResult = Result { try sharedDemoStore().allOrderDetails() }
    static func demoOrderDetails() throws -> [OrderDetail] { try demoOrderDetailsResult.get() }

    /// A database seeded with 2,000 bulk orders, and the progress reported while seeding them. Only for reading.
    struct BulkSeeded: Sendable {
        var database: AppDatabase
        var progress: [Int]
        /// The highest order number before the bulk orders went in.
        var highestBefore: Int?
    }

    static let bulkIntoDemoStore = Result { () throws -> BulkSeeded in
        let database = try demoStore()
        let highest = try database.count("SELECT MAX(number) FROM orders")
        var progress: [Int] = []
        try database.seedBulkOrders(count: 2_000, definition: definition(), now: now, batchSize: 600) {
            progress.append($0)
        }
        return BulkSeeded(database: database, progress: progress, highestBefore: highest)
    }

    static let bulkIntoEmptyDatabase = Result { () throws -> BulkSeeded in
        let database = try AppDatabase.temporary()
        var progress: [Int] = []
        try database.seedBulkOrders(count: 2_000, definition: definition(), now: now) { progress.append($0) }
        return BulkSeeded(database: database, progress: progress, highestBefore: nil)
    }

    /// A private copy of the demo store, for tests that change it.
    static func demoStore() throws -> AppDatabase {
        let path = temporaryPath()
        try seededTemplate.get().backup(to: path)
        return try AppDatabase(path: path)
    }

    /// A path in a new temporary directory, for backups and copies.
    static func temporaryPath(_ name: String = "copy.sqlite") -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskflow-test-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }
}

extension AppDatabase {
    /// Every order matching a filter and search, walking the pages the way the orders list does.
    func allOrders(
        filter: OrderFilter = .all, search: OrderSearch? = nil, limit: Int = 1_000
    ) throws -> [OrderSummary] {
        var orders: [OrderSummary] = []
        var cursor: Int?
        repeat {
            let page = try listOrders(OrderListRequest(filter: filter, search: search, after: cursor, limit: limit))
            orders += page.orders
            cursor = page.nextCursor
        } while cursor != nil
        return orders
    }

    /// Every order with its lines, payments and timeline.
    func allOrderDetails() throws -> [OrderDetail] {
        try allOrders().map { summary in
            guard let detail = try orderDetail(number: summary.number) else { throw StoreError.notFound }
            return detail
        }
    }

    /// A single number from SQL, for checks that look under the API.
    func count(_ sql: String, arguments: StatementArguments = []) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }
}

extension OrderSummary {
    var state: OrderState {
        OrderState(status: status, payment: paymentStatus, fulfillment: fulfillmentStatus, issue: issue?.kind)
    }
}

extension Array where Element == OrderSummary {
    /// The orders in the order a list shows them: the attention queue oldest failure first, every other tab newest
    /// first (the demo store's ids follow its order numbers).
    func inListOrder(for filter: OrderFilter) -> [OrderSummary] {
        guard filter.isAttentionQueue else { return self }
        return sorted { ($0.issue?.since ?? .distantFuture, $0.number) < ($1.issue?.since ?? .distantFuture, $1.number) }
    }
}
