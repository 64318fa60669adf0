import DeskflowDomain
import Foundation

/// How dates read on the pages, in the store's time zone. A list page formats about a hundred dates, so they are
/// worked out with integer arithmetic from the zone's offset instead of a `Calendar` and a format style per call.
struct DisplayFormat: Sendable {
    let timeZone: TimeZone

    /// `27 Nov 2026, 14:05`
    func dateTime(_ date: Date) -> String {
        let time = LocalTime(date, in: timeZone)
        return "\(time.day) \(Self.months[time.month - 1]) \(time.year), \(Self.twoDigits(time.hour)):\(Self.twoDigits(time.minute))"
    }

    /// `27 Nov 2026`
    func date(_ date: Date) -> String {
        let time = LocalTime(date, in: timeZone)
        return "\(time.day) \(Self.months[time.month - 1]) \(time.year)"
    }

    /// `27 Nov 2026`, for a day of the calendar.
    func date(_ day: CalendarDay) -> String {
        "\(day.day) \(Self.months[day.month - 1]) \(day.year)"
    }

    /// `27 Nov`, under a chart's bar, where the year is in the chart's title.
    func dayAndMonth(_ day: CalendarDay) -> String {
        "\(day.day) \(Self.months[day.month - 1])"
    }

    /// Machine-readable, for `<time datetime>`: `2026-11-27T14:05:09+01:00`, or `Z` for UTC.
    func iso(_ date: Date) -> String {
        let time = LocalTime(date, in: timeZone)
        var text = "\(Self.fourDigits(time.year))-\(Self.twoDigits(time.month))-\(Self.twoDigits(time.day))"
        text += "T\(Self.twoDigits(time.hour)):\(Self.twoDigits(time.minute)):\(Self.twoDigits(time.second))"
        guard time.offset != 0 else { return text + "Z" }
        let minutes = abs(time.offset) / 60
        return text + (time.offset < 0 ? "-" : "+") + "\(Self.twoDigits(minutes / 60)):\(Self.twoDigits(minutes % 60))"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fourDigits(_ value: Int) -> String {
        value < 1000 ? String(repeating: "0", count: 4 - String(value).count) + "\(value)" : "\(value)"
    }
}

/// A moment as a wall clock in a time zone shows it, to the second, on the proleptic Gregorian calendar.
struct LocalTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// Seconds east of UTC.
    var offset: Int

    init(_ date: Date, in timeZone: TimeZone) {
        offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let (days, secondOfDay) = local.floorDividedBy(86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        // Days since 1970-01-01 to a civil date: Howard Hinnant's `civil_from_days`, with eras of 400 years.
        let shifted = days + 719_468
        let (era, dayOfEra) = shifted.floorDividedBy(146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension Int {
    /// Quotient rounded down and a remainder that is never negative, for dates before 1970.
    fileprivate func floorDividedBy(_ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = ((self % divisor) + divisor) % divisor
        return ((self - remainder) / divisor, remainder)
    }
}
