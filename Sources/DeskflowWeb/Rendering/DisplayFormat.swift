import DeskflowDomain
import Foundation

/// How dates read on the pages, in the store's time zone.
struct DisplayFormat: Sendable {
    let timeZone: TimeZone

    /// `27 Nov 2026, 14:05`
    func dateTime(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.day ?? 0) \(Self.months[(parts.month ?? 1) - 1]) \(parts.year ?? 0), "
            + "\(Self.twoDigits(parts.hour))\u{3A}\(Self.twoDigits(parts.minute))"
    }

    /// `27 Nov 2026`
    func date(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.day ?? 0) \(Self.months[(parts.month ?? 1) - 1]) \(parts.year ?? 0)"
    }

    /// `27 Nov 2026`, for a day of the calendar.
    func date(_ day: CalendarDay) -> String {
        "\(day.day) \(Self.months[day.month - 1]) \(day.year)"
    }

    /// `27 Nov`, under a chart's bar, where the year is in the chart's title.
    func dayAndMonth(_ day: CalendarDay) -> String {
        "\(day.day) \(Self.months[day.month - 1])"
    }

    /// Machine-readable, for `<time datetime>`.
    func iso(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle(timeZone: timeZone)
        formatter = formatter.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return date.formatted(formatter)
    }

    private func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }
}
