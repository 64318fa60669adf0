import Foundation
import Synchronization
import Testing

import DeskflowStore

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Periodic jobs run on one runner at a time. On SQLite every runner is in the one process that owns the file.
    @Suite("Job coordination")
    struct JobCoordinationTests {
        struct Failed: Error, Equatable {}

        /// Starts `job` with a body that waits until the returned `release` is called; returns once the body runs.
        static func hold(
            _ job: String, on jobs: any JobCoordination
        ) async -> (release: @Sendable () -> Void, finished: Task<Bool, any Error>) {
            let (started, startedNow) = AsyncStream<Void>.makeStream()
            let (released, releaseNow) = AsyncStream<Void>.makeStream()
            let finished = Task {
                try await jobs.runExclusively(job) {
                    startedNow.yield()
                    for await _ in released { break }
                }
            }
            for await _ in started { break }
            return ({ releaseNow.yield() }, finished)
        }

        @Test("a job runs and says so")
        func runs() async throws {
            let jobs = InProcessJobCoordination()
            let runs = Mutex(0)

            let ran = try await jobs.runExclusively("housekeeping") { runs.withLock { $0 += 1 } }

            #expect(ran)
            #expect(runs.withLock { $0 } == 1)
        }

        @Test("while a job runs, the same job is refused without running; another job runs")
        func sameJobNeverOverlaps() async throws {
            // given a round of payment recovery in progress
            let jobs = InProcessJobCoordination()
            let (release, finished) = await Self.hold("payment-recovery", on: jobs)
            let overlapping = Mutex(0)

            // when the same job is asked for again, and another job
            let second = try await jobs.runExclusively("payment-recovery") { overlapping.withLock { $0 += 1 } }
            let other = try await jobs.runExclusively("housekeeping") {}

            // then the same job was refused without its body running, and the other ran
            #expect(!second)
            #expect(overlapping.withLock { $0 } == 0)
            #expect(other)

            // when the first round ends, the job can run again
            release()
            #expect(try await finished.value)
            #expect(try await jobs.runExclusively("payment-recovery") { overlapping.withLock { $0 += 1 } })
            #expect(overlapping.withLock { $0 } == 1)
        }

        @Test("a job that throws passes the error on and lets go of the job")
        func throwingJob() async throws {
            let jobs = InProcessJobCoordination()

            await #expect(throws: Failed()) { try await jobs.runExclusively("housekeeping") { throw Failed() } }

            #expect(try await jobs.runExclusively("housekeeping") {})
        }

        @Test("every handle on one database shares its job coordination")
        func sharedByHandles() async throws {
            let database = try SQLiteStore.temporary()
            let withWebhooks = database.sendingWebhooks(to: "https://shop.example/hooks")
            let (release, finished) = await Self.hold("housekeeping", on: database.jobs)

            #expect(try await !withWebhooks.jobs.runExclusively("housekeeping") {})

            release()
            #expect(try await finished.value)
            #expect(try await withWebhooks.jobs.runExclusively("housekeeping") {})
        }
    }
}
