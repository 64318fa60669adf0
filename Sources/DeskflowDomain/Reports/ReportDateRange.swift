import Foundation

/// A day on the calendar, without a time or a time zone: `2026-11-01`.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `nil` unless the three numbers name a real day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(dayNumber: Self.dayNumber(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
    }

    /// Strictly `YYYY-MM-DD`: four-digit year, two-digit month and day, a real day.
    public static func parse(_ text: String) -> ParseOutcome {
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.indices.allSatisfy({ $0 == 4 || $0 == 7 || isDigit(bytes[$0]) }) else { return .malformed }
        let number = { (range: Range<Int>) in range.reduce(0) { $0 * 10 + Int(bytes[$1] - UInt8(ascii: "0")) } }
        guard let day = CalendarDay(year: number(0..<4), month: number(5..<7), day: number(8..<10)) else {
            return .notOnCalendar
        }
        return .day(day)
    }

    public enum ParseOutcome: Hashable, Sendable {
        case day(CalendarDay)
        /// Not in the form `YYYY-MM-DD`.
        case malformed
        /// In the right form, but no such day (`2026-13-01`, `2026-02-30`).
        case notOnCalendar
    }

    /// `2026-11-01`
    public var description: String {
        let pad = { (value: Int, width: Int) in
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// The first moment of this day in `timeZone` (the first moment that exists, where a clock change skips midnight).
    public func start(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    private init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Why a report's date range was refused.
public enum ReportDateRangeError: Error, Hashable, Sendable {
    /// The field (`from` or `to`) is not written `YYYY-MM-DD`.
    case malformed(field: String, text: String)
    /// Written `YYYY-MM-DD`, but no such day.
    case notOnCalendar(field: String, text: String)
    /// The range starts after it ends.
    case reversed(from: CalendarDay, to: CalendarDay)
    /// More days than a report covers.
    case tooLong(days: Int)

    public var message: String {
        switch self {
        case .malformed(let field, let text):
            "The “\(field)” date “\(Self.shown(text))” is not a date. Write it as year-month-day, for example 2026-11-01."
        case .notOnCalendar(let field, let text):
            "The “\(field)” date “\(Self.shown(text))” is not a day on the calendar."
        case .reversed(let from, let to):
            "The “from” date (\(from)) is after the “to” date (\(to))."
        case .tooLong(let days):
            "The range covers \(days) days; a report covers at most \(ReportDateRange.maximumDays) days."
        }
    }

    /// What was typed, cut short so a long value cannot flood the page.
    private static func shown(_ text: String) -> String {
        text.count <= 20 ? text : String(text.prefix(20)) + "…"
    }
}

/// The days a report covers, both ends included, read in the store's time zone.
public struct ReportDateRange: Hashable, Sendable {
    /// The most days one report covers: a whole leap year.
    public static let maximumDays = 366
    /// Days covered when no range is given: the last 30, ending today.
    public static let defaultDays = 30

    public let from: CalendarDay
    public let to: CalendarDay
    public let timeZone: TimeZone

    /// Reads the `from` and `to` query values. An empty or missing `to` means today; an empty or missing `from` means
    /// 29 days before `to`, so the default is the last 30 days ending today.
    public static func parse(
        from fromText: String?, to toText: String?, today now: Date, timeZone: TimeZone
    ) -> Result<ReportDateRange, ReportDateRangeError> {
        func day(_ text: String?, field: String) -> Result<CalendarDay?, ReportDateRangeError> {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .success(nil) }
            switch CalendarDay.parse(trimmed) {
            case .day(let day): return .success(day)
            case .malformed: return .failure(.malformed(field: field, text: trimmed))
            case .notOnCalendar: return .failure(.notOnCalendar(field: field, text: trimmed))
            }
        }
        let from: CalendarDay?
        let to: CalendarDay?
        switch (day(fromText, field: "from"), day(toText, field: "to")) {
        case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
        case (.success(let parsedFrom), .success(let parsedTo)): (from, to) = (parsedFrom, parsedTo)
        }
        let end = to ?? CalendarDay(now, in: timeZone)
        let start = from ?? end.adding(days: -(defaultDays - 1))
        guard start <= end else { return .failure(.reversed(from: start, to: end)) }
        let days = end.dayNumber - start.dayNumber + 1
        guard days <= maximumDays else { return .failure(.tooLong(days: days)) }
        return .success(ReportDateRange(from: start, to: end, timeZone: timeZone))
    }

    public init(from: CalendarDay, to: CalendarDay, timeZone: TimeZone) {
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }

    /// Days covered, both ends included.
    public var dayCount: Int { to.dayNumber - from.dayNumber + 1 }

    /// The first moment of the range.
    public var start: Date { from.start(in: timeZone) }

    /// The first moment after the range: the start of the day after `to`.
    public var end: Date { to.adding(days: 1).start(in: timeZone) }
}
