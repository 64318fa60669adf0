import DeskflowOperations
import DeskflowStore
import Foundation
import Logging
import ServiceLifecycle

/// Every minute, asks the payment provider again about refunds, voids, charges and captures that have waited for an
/// answer longer than their lease: each under its original key, so the provider answers rather than acts twice.
/// Start-up does the same for what a stopped process left (`resumeAtStart`); this covers a server that keeps running.
/// Each round runs through the store's job coordination, so with several instances on one database only one asks.
struct PaymentRecoveryService: Service {
    /// The job's name in the store's job coordination.
    static let job = "payment-recovery"

    let payments: PaymentCalls
    let jobs: any JobCoordination
    let logger: Logger
    var interval: Duration = .seconds(60)
    var abandonedAfter: TimeInterval = PaymentCalls.lease

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    try await round()
                } catch where !Task.isCancelled {
                    logger.error("payment recovery failed", metadata: ["error": "\(error)"])
                } catch {
                    break  // stopping: the round was cut short, not failed
                }
            }
        }
    }

    /// One round, unless another runner is in one now.
    func round() async throws {
        let ran = try await jobs.runExclusively(Self.job) {
            let settled = try await payments.resumeAbandoned(olderThan: abandonedAfter)
            guard settled > 0 else { return }
            logger.notice("settled payment calls that had waited for an answer", metadata: ["count": "\(settled)"])
        }
        if !ran { logger.debug("payment recovery skipped: another runner has it") }
    }

    /// Finishes the calls a stopped process left pending, before new requests come in.
    func resumeAtStart(_ scope: StartupRecovery) async throws {
        let ran = try await jobs.runExclusively(Self.job) {
            let resumed = try await payments.resumePending(scope)
            if resumed > 0 { logger.notice("finished payment calls left pending", metadata: ["count": "\(resumed)"]) }
        }
        if !ran { logger.debug("start-up payment recovery skipped: another runner has it") }
    }
}
