import DeskflowOperations
import ServiceLifecycle

/// Runs the delivery worker alongside the server, and stops it when the server shuts down gracefully.
struct DeliveryService: Service {
    let worker: DeliveryWorker
    let startupRecovery: StartupRecovery

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await worker.run(recovering: startupRecovery)
        }
    }
}
