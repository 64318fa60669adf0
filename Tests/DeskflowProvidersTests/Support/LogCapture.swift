import Foundation
import Logging
import Synchronization

/// Keeps every message logged through its `logger`, with all its metadata, so a test can look for what must never be
/// logged.
final class LogCapture: Sendable {
    struct Entry: Sendable, CustomStringConvertible {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        var description: String {
            "[\(level)] \(message) "
                + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }

    private let stored = Mutex<[Entry]>([])

    var entries: [Entry] { stored.withLock { $0 } }

    /// Every message and every metadata key and value, one entry a line.
    var text: String { entries.map(\.description).joined(separator: "\n") }

    /// A logger at trace level that writes here.
    var logger: Logger {
        var logger = Logger(label: "deskflow-providers-capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ entry: Entry) { stored.withLock { $0.append(entry) } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var flat = merged.mapValues { "\($0)" }
        if let error = event.error { flat["error"] = String(reflecting: error) }
        capture.append(.init(level: event.level, message: "\(event.message)", metadata: flat))
    }
}
