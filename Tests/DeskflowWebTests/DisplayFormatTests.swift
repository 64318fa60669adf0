import Foundation
import Testing

@testable import DeskflowWeb

@Suite("Display format")
struct DisplayFormatTests {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe"]
        .map { TimeZone(identifier: $0)! }

    /// Moments around the edges the arithmetic has to get right: the epoch, before it, leap days, century years,
    /// daylight-saving changes, the last second of a year.
    static let moments: [Date] = [
        0, -1, -86_400, 951_782_400, 951_868_799, 4_107_542_399, 1_711_846_800, 1_711_850_399, 1_730_595_600,
        1_798_761_599, 1_798_761_600, 1_764_545_109, 253_402_300_799,
    ].map { Date(timeIntervalSince1970: TimeInterval($0)) }
        + (0..<200).map { Date(timeIntervalSince1970: TimeInterval(1_700_000_000 + $0 * 7_919_993)) }

    @Test("dates and times match Foundation's calendar and ISO 8601 style in every zone", arguments: zones)
    func matchesFoundation(zone: TimeZone) {
        let format = DisplayFormat(timeZone: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let iso = Date.ISO8601FormatStyle(timeZone: zone).year().month().day()
            .time(includingFractionalSeconds: false).timeZone(separator: .colon)
        for moment in Self.moments {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
            let expected = "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!), "
                + String(format: "%02d:%02d", parts.hour!, parts.minute!)
            #expect(format.dateTime(moment) == expected, "\(moment) in \(zone.identifier)")
            #expect(format.date(moment) == "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)")
            #expect(format.iso(moment) == moment.formatted(iso), "\(moment) in \(zone.identifier)")
        }
    }
}
