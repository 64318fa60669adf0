import Foundation
import Testing

@testable import DeskflowDomain

@Suite("Cancellations per day")
struct DailyCancellationsTests {
    static func moment(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { fatalError("not a moment: \(text)") }
        return date
    }

    static func range(_ from: String, _ to: String, _ timeZone: TimeZone = ReportTests.utc) -> ReportDateRange {
        ReportDateRange(from: ReportTests.day(from), to: ReportTests.day(to), timeZone: timeZone)
    }

    static func tally(_ moment: String, _ reason: CancelReason = .customer, refunded: Int64 = 0, _ currency: Currency = .usd)
        -> CancellationTally
    {
        CancellationTally(
            cancelledAt: Self.moment(moment), reason: reason, refunded: Money(minorUnits: refunded, currency: currency))
    }

    @Test(
        "a cancellation counts on the day it falls on in the store's time zone, and not at all outside the range",
        arguments: [
            ("2026-11-01T00:00:00Z", ReportTests.utc, "2026-11-01"),
            ("2026-11-01T23:59:59Z", ReportTests.utc, "2026-11-01"),
            ("2026-11-02T00:00:00Z", ReportTests.utc, "2026-11-02"),
            ("2026-11-03T23:59:59Z", ReportTests.utc, "2026-11-03"),
            ("2026-10-31T23:59:59Z", ReportTests.utc, nil),
            ("2026-11-04T00:00:00Z", ReportTests.utc, nil),
            // New York: 1 Nov 2026 is the day the clocks go back, 25 hours from 04:00 UTC to 05:00 UTC the next day.
            ("2026-11-01T03:59:59Z", ReportTests.newYork, nil),
            ("2026-11-01T04:00:00Z", ReportTests.newYork, "2026-11-01"),
            ("2026-11-02T04:30:00Z", ReportTests.newYork, "2026-11-01"),
            ("2026-11-02T05:00:00Z", ReportTests.newYork, "2026-11-02"),
            ("2026-11-04T04:59:59Z", ReportTests.newYork, "2026-11-03"),
            ("2026-11-04T05:00:00Z", ReportTests.newYork, nil),
        ] as [(String, TimeZone, String?)])
    func countsOnItsDay(moment: String, timeZone: TimeZone, expectedDay: String?) {
        let daily = DailyCancellations(range: Self.range("2026-11-01", "2026-11-03", timeZone), tallies: [Self.tally(moment)])
        #expect(daily.days.map(\.day.description) == ["2026-11-01", "2026-11-02", "2026-11-03"])
        #expect(daily.days.filter { $0.total == 1 }.map(\.day.description) == (expectedDay.map { [$0] } ?? []))
        #expect(daily.total == (expectedDay == nil ? 0 : 1))
        #expect(daily.reasons == (expectedDay == nil ? [] : [.customer]))
    }

    @Test("counts each day by reason, lists the reasons given in the cancel form's order, quiet days included")
    func byReason() throws {
        let daily = DailyCancellations(
            range: Self.range("2026-11-01", "2026-11-04"),
            tallies: [
                Self.tally("2026-11-01T09:00:00Z", .other), Self.tally("2026-11-01T10:00:00Z", .customer),
                Self.tally("2026-11-01T11:00:00Z", .other), Self.tally("2026-11-03T12:00:00Z", .fraud),
                Self.tally("2026-11-09T12:00:00Z", .staff),
            ])
        #expect(daily.reasons == [.customer, .fraud, .other])
        #expect(daily.days.map(\.total) == [3, 0, 1, 0])
        #expect(daily.days[0].count(.other) == 2)
        #expect(daily.days[0].count(.customer) == 1)
        #expect(daily.days[0].count(.fraud) == 0)
        #expect(daily.days[2].counts == [.fraud: 1])
        #expect(daily.total == 4)
        #expect(try #require(daily.busiestDay).day.description == "2026-11-01")
    }

    @Test("the busiest day is the earliest of equals, and there is none without cancellations")
    func busiestDay() throws {
        let range = Self.range("2026-11-01", "2026-11-03")
        let tied = DailyCancellations(
            range: range, tallies: [Self.tally("2026-11-02T10:00:00Z"), Self.tally("2026-11-03T10:00:00Z")])
        #expect(try #require(tied.busiestDay).day.description == "2026-11-02")
        let quiet = DailyCancellations(range: range, tallies: [])
        #expect(quiet.busiestDay == nil)
        #expect(quiet.days.count == 3)
        #expect(quiet.reasons.isEmpty)
        #expect(quiet.refundCurrencies.isEmpty)
    }

    @Test("adds confirmed refunds per day and currency; a cancellation without one counts, but refunds nothing")
    func refunds() throws {
        let daily = DailyCancellations(
            range: Self.range("2026-11-01", "2026-11-02"),
            tallies: [
                Self.tally("2026-11-01T09:00:00Z", refunded: 1_250), Self.tally("2026-11-01T10:00:00Z", refunded: 0),
                Self.tally("2026-11-02T10:00:00Z", refunded: 4_000), Self.tally("2026-11-02T11:00:00Z", refunded: 900, .eur),
            ])
        #expect(daily.refundCurrencies == [.eur, .usd])
        #expect(daily.days.map { $0.refunded(in: .usd).minorUnits } == [1_250, 4_000])
        #expect(daily.days.map { $0.refunded(in: .eur).minorUnits } == [0, 900])
        #expect(daily.days.map(\.total) == [2, 2])
        #expect(daily.refunded(in: .usd) == Money(minorUnits: 5_250, currency: .usd))
        #expect(daily.refunded(in: .jpy) == .zero(.jpy))
        #expect(try #require(daily.largestRefundDay(in: .usd)).day.description == "2026-11-02")
        #expect(daily.largestRefundDay(in: .jpy) == nil)
    }

    @Test("a year-long range has a day for each date, leap day included")
    func leapYear() {
        let daily = DailyCancellations(range: Self.range("2024-01-01", "2024-12-31"), tallies: [])
        #expect(daily.days.count == 366)
        #expect(daily.days[59].day.description == "2024-02-29")
        #expect(daily.days.last?.day.description == "2024-12-31")
    }
}
