import Foundation

/// Slows down password guessing: too many recent failures for one account, or from one address, lock sign-in
/// for a while.
public struct SignInThrottle: Sendable {
    public var maximumFailures: Int
    public var window: TimeInterval

    public init(maximumFailures: Int = 10, window: TimeInterval = 180) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// The moment from which failures count.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window) }

    public func isLocked(failuresForAccount: Int, failuresFromAddress: Int) -> Bool {
        failuresForAccount >= maximumFailures || failuresFromAddress >= maximumFailures
    }
}
