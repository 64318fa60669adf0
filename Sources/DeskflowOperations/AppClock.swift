import Foundation

/// Where "now" comes from. Production reads the system clock; tests and snapshots pin it.
public struct AppClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public var now: Date { read() }

    public static let system = AppClock { Date() }

    public static func fixed(_ date: Date) -> AppClock { AppClock { date } }
}
