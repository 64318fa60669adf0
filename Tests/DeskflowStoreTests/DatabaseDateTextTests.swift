import DeskflowStore
import Foundation
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    @Suite("Date text for the seeder")
    struct DatabaseDateTextTests {
        /// GRDB's own text for a date: what every stored date must look like.
        static func grdbText(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

        /// Seconds since 2001 and the text GRDB stores for them.
        static let samples: [(Double, String)] = [
            // the epochs
            (0.0, "2001-01-01 00:00:00.000"),
            (-978_307_200, "1970-01-01 00:00:00.000"),
            // the fixed test clock
            (1_795_000_000 - 978_307_200, "2026-11-18 11:06:40.000"),
            // leap days, and the days either side of them
            (Date.referenceSeconds(2024, 2, 29, 12, 30, 15), "2024-02-29 12:30:15.000"),
            (Date.referenceSeconds(2024, 3, 1, 0, 0, 0) - 0.001, "2024-02-29 23:59:59.999"),
            (Date.referenceSeconds(2000, 2, 29, 0, 0, 0), "2000-02-29 00:00:00.000"),
            (Date.referenceSeconds(1900, 3, 1, 0, 0, 0) - 1, "1900-02-28 23:59:59.000"),
            // year boundaries
            (Date.referenceSeconds(2025, 1, 1, 0, 0, 0) - 0.001, "2024-12-31 23:59:59.999"),
            (Date.referenceSeconds(1999, 12, 31, 23, 59, 59) + 0.5, "1999-12-31 23:59:59.500"),
            // milliseconds round to the nearest, halves upwards, and may carry into the next day
            (0.0625, "2001-01-01 00:00:00.063"),
            (-0.0625, "2000-12-31 23:59:59.938"),
            (0.0004, "2001-01-01 00:00:00.000"),
            (0.0006, "2001-01-01 00:00:00.001"),
            (-0.0004, "2001-01-01 00:00:00.000"),
            (-0.0006, "2000-12-31 23:59:59.999"),
            (-978_307_200 - 0.0625, "1969-12-31 23:59:59.938"),
            (-978_307_200 - 0.1875, "1969-12-31 23:59:59.813"),
            (Date.referenceSeconds(2025, 1, 1, 0, 0, 0) - 0.0004, "2025-01-01 00:00:00.000"),
            // before 1970, and the first and last days written without GRDB
            (Date.referenceSeconds(1969, 7, 20, 20, 17, 40) + 0.25, "1969-07-20 20:17:40.250"),
            (Date.referenceSeconds(1583, 1, 1, 0, 0, 0), "1583-01-01 00:00:00.000"),
            (Date.referenceSeconds(9999, 12, 31, 23, 59, 59) + 0.999, "9999-12-31 23:59:59.999"),
        ]

        @Test("writes what GRDB stores for a date", arguments: samples)
        func knownDates(seconds: Double, expected: String) {
            let date = Date(timeIntervalSinceReferenceDate: seconds)
            #expect(DatabaseDateText.string(from: date) == expected)
            #expect(DatabaseDateText.string(from: date) == Self.grdbText(date))
        }

        static let datesOutsideTheRange: [Double] = [
            Date.referenceSeconds(1582, 10, 15, 0, 0, 0),  // the Gregorian reform: ICU is Julian before it
            Date.referenceSeconds(1582, 10, 15, 0, 0, 0) - 86_400,
            Date.referenceSeconds(1, 1, 1, 0, 0, 0),
            Date.referenceSeconds(10_000, 1, 1, 0, 0, 0),
            Date.referenceSeconds(9999, 12, 31, 23, 59, 59) + 0.9996,
        ]

        @Test("hands dates outside years 1583 to 9999 to GRDB", arguments: datesOutsideTheRange)
        func outsideTheRange(seconds: Double) {
            let date = Date(timeIntervalSinceReferenceDate: seconds)
            #expect(DatabaseDateText.string(from: date) == Self.grdbText(date))
        }

        @Test("agrees with GRDB on many random dates")
        func randomDates() {
            var generator = SeededGenerator(seed: 20_260_101)
            var mismatches: [String] = []
            for turn in 0..<50_000 {
                let seconds: Double
                switch turn % 4 {
                case 0:
                    // anywhere from 1583 to 9999, any fraction
                    seconds = Double.random(in: -13_000_000_000...252_000_000_000, using: &generator)
                case 1:
                    // whole milliseconds, which are rarely exact in binary
                    seconds = Double(Int64.random(in: -3_000_000_000_000...4_000_000_000_000, using: &generator)) / 1000
                case 2:
                    // whole seconds plus a whole number of milliseconds, as the seeder's steps add them
                    seconds = Double(Int64.random(in: -1_000_000_000...2_000_000_000, using: &generator))
                        + Double(Int.random(in: 0...999, using: &generator)) * 0.001
                default:
                    // the seeder's range: the years around now, to the sub-millisecond
                    seconds = Double.random(in: 600_000_000...900_000_000, using: &generator)
                }
                let date = Date(timeIntervalSinceReferenceDate: seconds)
                let text = DatabaseDateText.string(from: date)
                if text != Self.grdbText(date) { mismatches.append("\(seconds): \(text)") }
            }
            #expect(mismatches.isEmpty)
        }

        @Test("reads back as the date GRDB would read")
        func roundTrip() throws {
            let date = Date(timeIntervalSinceReferenceDate: 812_345_678.9876)
            let stored = DatabaseDateText.string(from: date)
            #expect(Date.fromDatabaseValue(stored.databaseValue) == Date.fromDatabaseValue(date.databaseValue))
        }
    }
}

extension Date {
    /// Seconds since 2001-01-01 UTC of a moment on the proleptic Gregorian calendar, computed without Foundation.
    fileprivate static func referenceSeconds(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int
    ) -> Double {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let secondsSince1970: Int = days * 86_400 + hour * 3_600 + minute * 60 + second
        return Double(secondsSince1970) - 978_307_200
    }
}
