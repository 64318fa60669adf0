import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import PostgresNIO
import Testing

/// Two instances' job locks, each on its own pool, like two `deskflow serve` processes on one database.
@Suite("PostgreSQL job lock", .postgresServer)
struct PostgresJobLockTests {
    let logger = PostgresTestServer.logger

    struct JobFailed: Error, Equatable {}

    /// Runs `body` with two job locks on two pools of the same database.
    func withTwoInstances(_ body: (PostgresJobLock, PostgresJobLock, _ job: String) async throws -> Void) async throws {
        try await PostgresTestServer.withFreshSchema { engine, schema in
            try await PostgresEngine.withRunningEngine(settings: engine.settings, logger: logger) { other in
                try await body(
                    PostgresJobLock(client: engine.client, logger: logger),
                    PostgresJobLock(client: other.client, logger: logger),
                    // The schema makes the job's name this test's own: locks belong to the whole database.
                    "recovery-\(schema)"
                )
            }
        }
    }

    @Test("while one instance runs a job, the other does not run it; once it is done, the other can")
    func oneLeader() async throws {
        try await withTwoInstances { first, second, job in
            let started = Signal()
            let finish = Signal()
            async let firstRan = first.runExclusively(job: job) {
                started.fire()
                await finish.wait()
            }
            await started.wait()
            let secondRanMeanwhile = try await second.runExclusively(job: job) {
                Issue.record("the second instance ran the job while the first was running it")
            }
            #expect(secondRanMeanwhile == false)
            finish.fire()
            let firstFinished = try await firstRan
            #expect(firstFinished == true)
            var ranAfterwards = false
            let secondRanAfterwards = try await second.runExclusively(job: job) { ranAfterwards = true }
            #expect(secondRanAfterwards == true)
            #expect(ranAfterwards)
        }
    }

    @Test("a different job is not held up by a running one")
    func differentJobs() async throws {
        try await withTwoInstances { first, second, job in
            let started = Signal()
            let finish = Signal()
            async let firstRan = first.runExclusively(job: job) {
                started.fire()
                await finish.wait()
            }
            await started.wait()
            let otherJobRan = try await second.runExclusively(job: job + "-housekeeping") {}
            #expect(otherJobRan == true)
            finish.fire()
            let firstFinished = try await firstRan
            #expect(firstFinished == true)
        }
    }

    @Test("a job that throws lets go of the lock, and its error comes out")
    func failingJob() async throws {
        try await withTwoInstances { first, second, job in
            await #expect(throws: JobFailed()) {
                try await first.runExclusively(job: job) { throw JobFailed() }
            }
            let secondRan = try await second.runExclusively(job: job) {}
            #expect(secondRan == true)
        }
    }
}
