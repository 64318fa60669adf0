import Hummingbird
import Logging

/// A fake's HTTP server: `router` served on `127.0.0.1` at a port the system picks, until `stop()`.
struct LocalServer: Sendable {
    let port: Int
    private let task: Task<Void, Never>

    static func start(_ router: Router<BasicRequestContext>, label: String) async throws -> LocalServer {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? 0)
                announce.finish()
            },
            logger: logger)
        let task = Task {
            try? await app.runService(gracefulShutdownSignals: [])
            announce.finish()
        }
        var port = 0
        for await announced in ports {
            port = announced
            break
        }
        guard port > 0 else {
            task.cancel()
            throw LocalServerError.couldNotStart(label)
        }
        return LocalServer(port: port, task: task)
    }

    /// Stops serving; later connections are refused.
    func stop() async {
        task.cancel()
        await task.value
    }
}

enum LocalServerError: Error, CustomStringConvertible {
    case couldNotStart(String)

    var description: String {
        switch self {
        case .couldNotStart(let label): "the \(label) could not start on a local port"
        }
    }
}
