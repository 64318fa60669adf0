import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import DeskflowStorePostgresTestSupport
import Foundation
import Logging
import Testing

@testable import DeskflowWeb

@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("expired sessions and idempotency keys past retention are swept; fresh ones stay")
    func sweep() async throws {
        // given
        let database = try await SeededTemplate.copy()
        _ = try await database.createSession(id: "old", data: Data("{}".utf8), expiresAt: testNow.addingTimeInterval(-1))
        _ = try await database.createSession(id: "fresh", data: Data("{}".utf8), expiresAt: testNow.addingTimeInterval(600))
        let number = try #require(try await database.listOrders(OrderListRequest(limit: 1)).orders.first).number
        for (key, age) in [("old-key", 3 * 24 * 60 * 60.0), ("fresh-key", 60.0)] {
            let version = try #require(try await database.orderDetail(number: number)).order.version
            let request = OrderActionRequest(
                orderNumber: number, expectedVersion: version, staffID: 1, actor: "Maria",
                idempotency: IdempotencyClaim(key: key, staffID: 1, fingerprint: key), now: testNow.addingTimeInterval(-age))
            _ = try await database.applyOrderAction(request) { _ in
                var change = OrderChange()
                change.flash = "done"
                return change
            }
        }

        // when
        try await HousekeepingService(database: database, clock: .fixed(testNow), logger: Logger(label: "test")).sweep()

        // then
        #expect(try await database.sessionData(id: "fresh", now: testNow) != nil)
        #expect(try await database.sessionData(id: "old", now: testNow.addingTimeInterval(-60)) == nil)
        #expect(try await database.storedResult(key: "old-key") == nil)
        #expect(try await database.storedResult(key: "fresh-key") != nil)
    }

    /// On SQLite the other runner is in the same process; on PostgreSQL it is another instance on the same database,
    /// and what keeps the round out is the store's advisory lock, which payment recovery takes too (`database.jobs`):
    /// each store with a lock of its own would let both sweep.
    @Test(
        "a round waits its turn: while another runner holds the job nothing is swept, and the next round sweeps",
        arguments: TestEngine.available)
    func roundThroughJobCoordination(engine: TestEngine) async throws {
        try await engine.withInstances { apps in
            // given an expired session, and the housekeeping job held by another runner
            let (holder, database) = (apps[0].database, apps[apps.count - 1].database)
            _ = try await database.createSession(id: "old", data: Data("{}".utf8), expiresAt: testNow.addingTimeInterval(-1))
            let service = HousekeepingService(database: database, clock: .fixed(testNow), logger: Logger(label: "test"))
            let started = Signal()
            let release = Signal()
            let other = Task {
                try await holder.jobs.runExclusively(HousekeepingService.job) {
                    started.fire()
                    await release.wait()
                }
            }
            await started.wait()

            // when a round comes while the other runner has the job
            try await service.round()

            // then it swept nothing
            #expect(try await database.sessionData(id: "old", now: testNow.addingTimeInterval(-60)) != nil)

            // when the other runner is done, and the next round comes
            release.fire()
            #expect(try await other.value)
            try await service.round()

            // then the expired session is gone
            #expect(try await database.sessionData(id: "old", now: testNow.addingTimeInterval(-60)) == nil)
        }
    }
}
