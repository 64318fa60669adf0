import Foundation

/// Which running Deskflow process did something: its host name, its process id and a short random part (a restarted
/// process can get the same pid, and two containers the same host name). One is made when a process starts; the outbox
/// records it on every claim, so a process can tell its own claim from one another instance took over.
public struct InstanceID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// This process's id, made the first time it is asked for and the same from then on.
    public static let thisProcess = make()

    /// A new id for this process, such as `web-1:4242:9f3a1c`.
    public static func make() -> InstanceID {
        let random = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        let padded = String(repeating: "0", count: 6 - random.count) + random
        return InstanceID("\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(padded)")
    }

    public var description: String { rawValue }
}
