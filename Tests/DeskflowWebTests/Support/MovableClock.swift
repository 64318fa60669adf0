import DeskflowOperations
import Foundation
import Synchronization

/// A clock a test can move forward.
final class MovableClock: Sendable {
    private let date: Mutex<Date>

    init(_ start: Date) { date = Mutex(start) }

    func advance(by seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var appClock: AppClock { AppClock { self.date.withLock { $0 } } }
}
