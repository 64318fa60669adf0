import Foundation

/// When a failed delivery is tried again: exponential backoff from a base delay, capped, up to a number of attempts.
public struct RetryPolicy: Hashable, Sendable {
    public var maximumAttempts: Int
    public var baseDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(maximumAttempts: Int = 5, baseDelay: TimeInterval = 60, maximumDelay: TimeInterval = 60 * 60) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// After `attempts` failed attempts: when to try next, or `nil` when it is time to give up.
    public func nextAttempt(after attempts: Int, now: Date) -> Date? {
        guard attempts < maximumAttempts else { return nil }
        let exponent = Double(max(0, attempts - 1))
        return now.addingTimeInterval(min(maximumDelay, baseDelay * pow(2, exponent)))
    }
}
