import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("PostgreSQL idempotency keys", .postgresServer)
struct PostgresIdempotencyTests {
    typealias Fixture = PostgresStoreFixture

    @Test("a new key is claimed; the same request again gets the stored flash; other values under it are refused")
    func claimAndReplay() async throws {
        try await Fixture.withStore { store, client in
            let claim = IdempotencyClaim(key: "bulk-1", staffID: 7, fingerprint: "bulk:1,2")

            #expect(try await store.claimIdempotencyKey(claim, now: Fixture.now) == nil)
            #expect(try await store.claimIdempotencyKey(claim, now: Fixture.now) == StoredResult(flash: nil))
            try await store.updateStoredFlash(key: "bulk-1", flash: "2 orders updated.")
            #expect(try await store.claimIdempotencyKey(claim, now: Fixture.now) == StoredResult(flash: "2 orders updated."))
            await #expect(throws: IdempotencyKeyReused.self) {
                try await store.claimIdempotencyKey(
                    IdempotencyClaim(key: "bulk-1", staffID: 7, fingerprint: "bulk:3"), now: Fixture.now)
            }
            let stored = try await client.values("SELECT created_at FROM idempotency_keys", as: Date.self)
            #expect(stored == [Fixture.now.stored.date])
        }
    }

    @Test("twenty claims of one key at once on two instances: one claims it, the others replay")
    func concurrentClaims() async throws {
        try await Fixture.withTwoInstances { instances, _ in
            let claim = IdempotencyClaim(key: "bulk-race", staffID: 7, fingerprint: "bulk:1")
            let answers = try await withThrowingTaskGroup(of: StoredResult?.self) { group in
                for index in 0..<20 {
                    group.addTask { try await instances[index % 2].claimIdempotencyKey(claim, now: Fixture.now) }
                }
                return try await group.reduce(into: [StoredResult?]()) { $0.append($1) }
            }
            #expect(answers.filter { $0 == nil }.count == 1)
            #expect(answers.filter { $0 == StoredResult(flash: nil) }.count == 19)
        }
    }
}
