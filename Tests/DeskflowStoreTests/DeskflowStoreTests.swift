import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

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
    static let seededTemplate = Task { () async throws -> SQLiteStore in
        let database = try SQLiteStore.temporary()
        _ = try await database.seedDemoStore(definition(), now: now)
        return database
    }

    static func sharedDemoStore() async throws -> SQLiteStore { try await seededTemplate.value }

    /// The shared demo store's orders, newest first, read once.
    static let demoOrdersTask = Task { try await sharedDemoStore().allOrders() }
    static func demoOrders() async throws -> [OrderSummary] { try await demoOrdersTask.value }

    /// The shared demo store's orders with their lines, payments and timelines, read once.
    static let demoOrderDetailsTask = Task { try await sharedDemoStore().allOrderDetails() }
    static func demoOrderDetails() async throws -> [OrderDetail] { try await demoOrderDetailsTask.value }

    /// A database seeded with 2,000 bulk orders, and the progress reported while seeding them. Only for reading.
    struct BulkSeeded: Sendable {
        var database: SQLiteStore
        var progress: [Int]
        /// The highest order number before the bulk orders went in.
        var highestBefore: Int?
    }

    static let bulkIntoDemoStore = Task { () async throws -> BulkSeeded in
        let database = try await demoStore()
        let highest = try await database.count("SELECT MAX(number) FROM orders")
        var progress: [Int] = []
        try await database.seedBulkOrders(count: 2_000, definition: definition(), now: now, batchSize: 600) {
            progress.append($0)
        }
        return BulkSeeded(database: database, progress: progress, highestBefore: highest)
    }

    static let bulkIntoEmptyDatabase = Task { () async throws -> BulkSeeded in
        let database = try SQLiteStore.temporary()
        var progress: [Int] = []
        try await database.seedBulkOrders(count: 2_000, definition: definition(), now: now) { progress.append($0) }
        return BulkSeeded(database: database, progress: progress, highestBefore: nil)
    }

    /// A private copy of the demo store, for tests that change it.
    static func demoStore() async throws -> SQLiteStore {
        let path = temporaryPath()
        try await seededTemplate.value.backup(to: path)
        return try SQLiteStore(path: path)
    }

    /// A path in a new temporary directory, for backups and copies.
    static func temporaryPath(_ name: String = "copy.sqlite") -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskflow-test-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }
}

extension SQLiteStore {
    /// Every order matching a filter and search, walking the pages the way the orders list does.
    func allOrders(
        filter: OrderFilter = .all, search: OrderSearch? = nil, limit: Int = 1_000
    ) async throws -> [OrderSummary] {
        var orders: [OrderSummary] = []
        var cursor: Int?
        repeat {
            let page = try await listOrders(OrderListRequest(filter: filter, search: search, after: cursor, limit: limit))
            orders += page.orders
            cursor = page.nextCursor
        } while cursor != nil
        return orders
    }

    /// Every order with its lines, payments and timeline.
    func allOrderDetails() async throws -> [OrderDetail] {
        var details: [OrderDetail] = []
        for summary in try await allOrders() {
            guard let detail = try await orderDetail(number: summary.number) else { throw StoreError.notFound }
            details.append(detail)
        }
        return details
    }

    /// A single number from SQL, for checks that look under the API.
    func count(_ sql: String, arguments: StatementArguments = []) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
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
