import Foundation
import GRDB

/// The text GRDB stores for a `Date` ("yyyy-MM-dd HH:mm:ss.SSS" in UTC), written without `DateFormatter`.
///
/// GRDB formats dates through ICU, which rounds to the nearest millisecond (halves upwards) and switches to the
/// Julian calendar before October 1582. Dates in years 1583 through 9999 are written here digit by digit, byte for
/// byte the same; any other date is handed to GRDB.
enum DatabaseDateText {
    /// Milliseconds from 1970 to the first day this formatter writes itself (1583-01-01) and past its last one.
    private static let firstMillis: Int64 = -12_212_553_600_000
    private static let endMillis: Int64 = 253_402_300_800_000

    static func string(from date: Date) -> String {
        withText(of: date) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the text's UTF-8 bytes, written on the stack rather than into a new string.
    static func withText<Result>(of date: Date, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let millisecondsSince1970 = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        guard millisecondsSince1970 >= Double(firstMillis), millisecondsSince1970 < Double(endMillis) else {
            var text = String.fromDatabaseValue(date.databaseValue) ?? ""
            return text.withUTF8(body)
        }
        let millis = Int64(millisecondsSince1970)
        var days = millis / 86_400_000
        var millisInDay = millis % 86_400_000
        if millisInDay < 0 {
            millisInDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civilDate(daysSince1970: days)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 23) { buffer in
            func put(_ value: Int64, digits: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, digits: 2, at: 8)
            buffer[10] = UInt8(ascii: " ")
            put(millisInDay / 3_600_000, digits: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(millisInDay / 60_000 % 60, digits: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(millisInDay / 1000 % 60, digits: 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(millisInDay % 1000, digits: 3, at: 20)
            return body(UnsafeBufferPointer(buffer))
        }
    }

    /// The proleptic Gregorian year, month and day of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    private static func civilDate(daysSince1970: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
