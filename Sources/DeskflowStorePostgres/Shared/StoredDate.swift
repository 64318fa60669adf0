import Foundation

extension Date {
    /// The date as the store keeps it: whole milliseconds, cut down as SQLite's text dates are, so a date read back
    /// equals the one written and both engines order and compare dates alike.
    package var storedMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
