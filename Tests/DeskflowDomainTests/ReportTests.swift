import Foundation
import Testing

@testable import DeskflowDomain

@Suite("Reports")
struct ReportTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    /// 2026-11-27 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_780_800)

    static func day(_ text: String) -> CalendarDay {
        guard case .day(let day) = CalendarDay.parse(text) else { fatalError("not a day: \(text)") }
        return day
    }

    @Suite("Report date range")
    struct DateRangeTests {
        @Test(
            "reads the dates given, and fills in the ones left out",
            arguments: [
                (nil, nil, "2026-10-29", "2026-11-27"),
                ("", "", "2026-10-29", "2026-11-27"),
                ("2026-11-01", "2026-11-27", "2026-11-01", "2026-11-27"),
                (" 2026-11-01 ", nil, "2026-11-01", "2026-11-27"),
                (nil, "2026-03-31", "2026-03-02", "2026-03-31"),
                ("2026-11-27", "2026-11-27", "2026-11-27", "2026-11-27"),
                ("2025-11-27", "2026-11-27", "2025-11-27", "2026-11-27"),
                ("2024-01-01", "2024-12-31", "2024-01-01", "2024-12-31"),
                ("2024-02-29", "2024-03-01", "2024-02-29", "2024-03-01"),
                ("2026-12-01", "2026-12-31", "2026-12-01", "2026-12-31"),
            ] as [(String?, String?, String, String)])
        func accepts(from: String?, to: String?, expectedFrom: String, expectedTo: String) throws {
            let range = try ReportDateRange.parse(from: from, to: to, today: ReportTests.now, timeZone: ReportTests.utc).get()
            #expect(range.from.description == expectedFrom)
            #expect(range.to.description == expectedTo)
        }

        @Test(
            "refuses what is not a range, saying what is wrong",
            arguments: [
                ("2026-13-01", nil, ReportDateRangeError.notOnCalendar(field: "from", text: "2026-13-01"),
                 "The “from” date “2026-13-01” is not a day on the calendar."),
                ("2026-02-29", nil, .notOnCalendar(field: "from", text: "2026-02-29"),
                 "The “from” date “2026-02-29” is not a day on the calendar."),
                (nil, "2026-11-00", .notOnCalendar(field: "to", text: "2026-11-00"),
                 "The “to” date “2026-11-00” is not a day on the calendar."),
                ("yesterday", nil, .malformed(field: "from", text: "yesterday"),
                 "The “from” date “yesterday” is not a date. Write it as year-month-day, for example 2026-11-01."),
                ("2026-1-01", nil, .malformed(field: "from", text: "2026-1-01"), nil),
                ("27/11/2026", nil, .malformed(field: "from", text: "27/11/2026"), nil),
                ("2026-11-01T00:00", nil, .malformed(field: "from", text: "2026-11-01T00:00"), nil),
                ("+026-11-01", nil, .malformed(field: "from", text: "+026-11-01"), nil),
                ("２０２６-11-01", nil, .malformed(field: "from", text: "２０２６-11-01"), nil),
                (nil, "<script>alert(1)</script>", .malformed(field: "to", text: "<script>alert(1)</script>"),
                 "The “to” date “<script>alert(1)</sc…” is not a date. Write it as year-month-day, for example 2026-11-01."),
                ("2026-11-20", "2026-11-10", .reversed(from: ReportTests.day("2026-11-20"), to: ReportTests.day("2026-11-10")),
                 "The “from” date (2026-11-20) is after the “to” date (2026-11-10)."),
                ("2026-12-05", nil, .reversed(from: ReportTests.day("2026-12-05"), to: ReportTests.day("2026-11-27")), nil),
                ("2024-11-27", "2026-11-27", .tooLong(days: 731),
                 "The range covers 731 days; a report covers at most 366 days."),
                ("2025-11-26", "2026-11-27", .tooLong(days: 367), nil),
            ] as [(String?, String?, ReportDateRangeError, String?)])
        func refuses(from: String?, to: String?, error: ReportDateRangeError, message: String?) {
            let result = ReportDateRange.parse(from: from, to: to, today: ReportTests.now, timeZone: ReportTests.utc)
            #expect(result == .failure(error))
            if let message { #expect(error.message == message) }
        }

        @Test("today is the day in the store's time zone")
        func todayInTimeZone() throws {
            // 2026-11-27 03:00 UTC is still the 26th in New York.
            let early = Date(timeIntervalSince1970: 1_795_748_400)
            let range = try ReportDateRange.parse(from: nil, to: nil, today: early, timeZone: ReportTests.newYork).get()
            #expect(range.to.description == "2026-11-26")
            #expect(range.dayCount == 30)
        }

        @Test("covers whole days: from the first moment of `from` to the first moment after `to`")
        func bounds() throws {
            let range = try ReportDateRange.parse(
                from: "2026-11-01", to: "2026-11-27", today: ReportTests.now, timeZone: ReportTests.newYork).get()
            // New York is on EDT (UTC-4) on 1 November until 2:00, and on EST (UTC-5) on the 28th.
            #expect(range.start == Date(timeIntervalSince1970: 1_793_505_600))  // 2026-11-01 04:00 UTC
            #expect(range.end == Date(timeIntervalSince1970: 1_795_842_000))  // 2026-11-28 05:00 UTC
            #expect(range.dayCount == 27)
        }

        @Test(
            "calendar days count and print the same in both directions",
            arguments: ["1970-01-01", "2000-02-29", "2024-12-31", "2026-11-27", "1969-12-31", "0001-01-01", "9999-12-31"])
        func calendarDayRoundTrip(text: String) {
            let day = ReportTests.day(text)
            #expect(day.description == text)
            #expect(day.adding(days: 1).adding(days: -1) == day)
        }

        @Test("day numbers count from 1970-01-01")
        func dayNumbers() {
            #expect(ReportTests.day("1970-01-01").dayNumber == 0)
            #expect(ReportTests.day("2026-11-27").dayNumber == 20_784)
            #expect(ReportTests.day("2024-02-28").adding(days: 1).description == "2024-02-29")
            #expect(ReportTests.day("2026-12-31").adding(days: 1).description == "2027-01-01")
        }
    }

    @Suite("CSV writer")
    struct CSVWriterTests {
        @Test(
            "quotes a field only when it must, doubling its quotes",
            arguments: [
                ("plain", "plain"), ("", ""), ("two words", "two words"), ("a,b", "\"a,b\""),
                ("say \"hi\"", "\"say \"\"hi\"\"\""), ("\"", "\"\"\"\""), ("line\nbreak", "\"line\nbreak\""),
                ("cr\rhere", "\"cr\rhere\""), ("crlf\r\nhere", "\"crlf\r\nhere\""), ("café ✓", "café ✓"),
                ("12.50", "12.50"), ("semi;colon", "semi;colon"), (" padded ", " padded "),
            ] as [(String, String)])
        func quoting(value: String, expected: String) {
            #expect(CSVWriter.field(value) == expected)
        }

        @Test(
            "neutralises fields a spreadsheet would run as a formula",
            arguments: [
                ("=1+1", "'=1+1"), ("+41 79 555", "'+41 79 555"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
                ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
                ("-1+1", "'-1+1"), ("-", "'-"), ("-.5", "'-.5"), ("-5.", "'-5."), ("a=b", "a=b"),
                ("-12", "-12"), ("-12.50", "-12.50"), ("0", "0"),
            ] as [(String, String)])
        func formulas(value: String, expected: String) {
            #expect(CSVWriter.field(value) == expected)
        }

        @Test("ends every record with CRLF, the header first")
        func records() {
            var writer = CSVWriter(header: ["Order", "Note"])
            writer.append(["1001", "Called, then \"emailed\""])
            writer.append(["1002", ""])
            #expect(writer.text == "Order,Note\r\n1001,\"Called, then \"\"emailed\"\"\"\r\n1002,\r\n")
            #expect(CSVWriter().text == "")
        }
    }
}
