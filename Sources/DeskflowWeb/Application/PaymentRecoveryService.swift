import DeskflowOperations
import Foundation
import Logging
import ServiceLifecycle

/// Every minute, asks the payment provider again about refunds, voids, charges and captures that have waited for an
/// answer longer than any request would: each under its original key, so the provider answers rather than acts twice.
/// Start-up does the same for everything a stopped process left; this covers a server that keeps running.
struct PaymentRecoveryService: Service {
    let payments: PaymentCalls
    let logger: Logger
    var interval: Duration = .seconds(60)
    var abandonedAfter: TimeInterval = 2 * 60

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    let settled = try await payments.resumeAbandoned(olderThan: abandonedAfter)
                    if settled > 0 { logger.notice("settled payment calls that had waited for an answer", metadata: ["count": "\(settled)"]) }
                } catch {
                    logger.error("payment recovery failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
