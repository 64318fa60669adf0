import DeskflowDomain
import Foundation
import Testing

@testable import DeskflowWeb

@Suite("Bar charts")
struct BarChartTests {
    /// A 100 × 100 plot area with a margin of 10, so positions are easy to work out by hand.
    static let frame = BarChartGeometry.Frame(width: 120, height: 120, plotLeft: 10, plotTop: 10, plotRight: 110, plotBottom: 110)

    @Test(
        "value ticks start at zero and step by 1, 2 or 5 times a power of ten, about five of them, up past the tallest bar",
        arguments: [
            (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (5, [0, 1, 2, 3, 4, 5]), (6, [0, 2, 4, 6]), (7, [0, 2, 4, 6, 8]),
            (10, [0, 2, 4, 6, 8, 10]), (11, [0, 5, 10, 15]), (42, [0, 10, 20, 30, 40, 50]), (100, [0, 20, 40, 60, 80, 100]),
            (101, [0, 50, 100, 150]), (1_000, [0, 200, 400, 600, 800, 1_000]), (123_456, [0, 50_000, 100_000, 150_000]),
        ] as [(Int64, [Int64])])
    func niceTicks(maximum: Int64, expected: [Int64]) {
        #expect(BarChartGeometry.niceTicks(upTo: maximum) == expected)
    }

    @Test(
        "day labels thin out to every 2nd, 7th, 14th … day from the first when they would not fit",
        arguments: [
            (0, [Int]()), (1, [0]), (12, Array(0..<12)), (13, Array(stride(from: 0, to: 13, by: 2))),
            (24, Array(stride(from: 0, to: 24, by: 2))), (25, [0, 7, 14, 21]), (30, [0, 7, 14, 21, 28]),
            (84, Array(stride(from: 0, to: 84, by: 7))), (85, Array(stride(from: 0, to: 85, by: 14))),
            (366, [0, 56, 112, 168, 224, 280, 336]), (5_000, Array(stride(from: 0, to: 5_000, by: 417))),
        ] as [(Int, [Int])])
    func labelThinning(count: Int, expected: [Int]) {
        let labelled = BarChartGeometry.labelledCategories(count: count, maximumLabels: 12)
        #expect(labelled == expected)
        #expect(labelled.count <= 12)
    }

    @Test("bars stack their series bottom-up in their slot, with a gap between bars and none for zero")
    func stacking() {
        let geometry = BarChartGeometry(stacks: [[1, 2], [0, 0], [3, 0], [0, 5]], frame: Self.frame)
        typealias Segment = BarChartGeometry.Segment
        #expect(geometry.ticks.map(\.value) == [0, 1, 2, 3, 4, 5])
        #expect(geometry.ticks.map(\.y) == [110, 90, 70, 50, 30, 10])
        #expect(geometry.segments == [
            Segment(category: 0, series: 0, value: 1, x: 13.75, y: 90, width: 17.5, height: 20),
            Segment(category: 0, series: 1, value: 2, x: 13.75, y: 50, width: 17.5, height: 40),
            Segment(category: 2, series: 0, value: 3, x: 63.75, y: 50, width: 17.5, height: 60),
            Segment(category: 3, series: 1, value: 5, x: 88.75, y: 10, width: 17.5, height: 100),
        ])
        #expect(geometry.labels.map(\.category) == [0, 1, 2, 3])
        #expect(geometry.labels.map(\.x) == [22.5, 47.5, 72.5, 97.5])
        #expect(!geometry.isDense)
    }

    @Test("stacked pieces meet without a seam even when their heights do not divide evenly")
    func noSeams() throws {
        let geometry = BarChartGeometry(stacks: [[1, 1, 1]], frame: Self.frame)
        let pieces = geometry.segments
        #expect(pieces.map(\.height) == [33.33, 33.34, 33.33])
        #expect(abs(try #require(pieces.first).y + pieces[0].height - 110) < 0.000_001)
        for (lower, upper) in zip(pieces, pieces.dropFirst()) {
            #expect(abs(upper.y + upper.height - lower.y) < 0.000_001)
        }
        #expect(pieces.last?.y == 10)
    }

    @Test("a short range keeps its bars slim, centred in their days")
    func fewDays() {
        let geometry = BarChartGeometry(stacks: [[2], [1]], frame: .standard)
        // Two days of 316 units each: a bar of 48 units in the middle of each.
        #expect(geometry.segments.map(\.x) == [210, 526])
        #expect(geometry.segments.map(\.width) == [48, 48])
        #expect(geometry.labels.map(\.x) == [234, 550])
    }

    @Test("a year of days draws bars edge to edge, without gaps or lines between pieces")
    func dense() {
        let geometry = BarChartGeometry(stacks: Array(repeating: [1, 1], count: 200), frame: Self.frame)
        #expect(geometry.isDense)
        #expect(geometry.segments.count == 400)
        #expect(geometry.segments[6] == .init(category: 3, series: 0, value: 1, x: 11.5, y: 60, width: 0.5, height: 50))
    }

    @Test(
        "coordinates print with at most two decimals",
        arguments: [
            (0, "0"), (12, "12"), (12.5, "12.5"), (12.25, "12.25"), (12.05, "12.05"), (-3.5, "-3.5"), (0.004, "0"),
            (99.999, "100"), (720, "720"),
        ] as [(Double, String)])
    func numbers(value: Double, expected: String) {
        #expect(BarChart.number(value) == expected)
    }

    @Test(
        "refund ticks read as money, without cents when every tick is a whole amount",
        arguments: [
            (1_000, Currency.usd, ["$0", "$2", "$4", "$6", "$8", "$10"]),
            (150, .usd, ["$0.00", "$0.50", "$1.00", "$1.50"]),
            (1_234_500, .usd, ["$0", "$5,000", "$10,000", "$15,000"]),
            (1_200, .jpy, ["¥0", "¥500", "¥1,000", "¥1,500"]),
        ] as [(Int64, Currency, [String])])
    func moneyTicks(refunded: Int64, currency: Currency, expected: [String]) throws {
        let trend = try #require(Self.trend(refunded: [Money(minorUnits: refunded, currency: currency)]))
        #expect(trend.refunds.count == 1)
        #expect(trend.refunds.first?.drawings.map { $0.valueLabels.map(\.text) } == [expected, expected])
    }

    @Test("the titles say what each chart shows: the range, the total and the busiest day")
    func titles() throws {
        let trend = try #require(Self.trend(refunded: [
            Money(minorUnits: 2_500, currency: .usd), Money(minorUnits: 0, currency: .usd),
            Money(minorUnits: 1_000, currency: .usd),
        ]))
        #expect(trend.cancellations.title
            == "Cancellations per day, 1 Nov 2026 to 3 Nov 2026, by reason: 3 in total, most on 1 Nov 2026 (2)")
        #expect(trend.refunds.map(\.title)
            == ["Refunded per day, 1 Nov 2026 to 3 Nov 2026: $35.00 in total, most on 1 Nov 2026 ($25.00)"])
        #expect(trend.cancellations.legend.map(\.label) == ["Customer changed or cancelled order", "Fraudulent order"])
        #expect(trend.cancellations.hasLegend)
        #expect(trend.refunds.first?.hasLegend == false)
        #expect(trend.rows.map(\.dayISO) == ["2026-11-01", "2026-11-03"])
        #expect(trend.rows.map { $0.counts.map(\.count) } == [["1", "1"], ["0", "1"]])
        #expect(trend.rows.first?.counts.map(\.reason) == ["Customer changed or cancelled order", "Fraudulent order"])
        #expect(trend.rows.map(\.refunded) == ["$25.00", "$10.00"])
        #expect(trend.cancellations.drawings[0].bars.map(\.tooltip) == [
            "1 Nov 2026, Customer changed or cancelled order: 1", "1 Nov 2026, Fraudulent order: 1",
            "3 Nov 2026, Fraudulent order: 1",
        ])
    }

    @Test("each chart is drawn wide and narrow, with its own title id and fewer day labels when narrow")
    func drawings() throws {
        let trend = try #require(Self.trend(refunded: [.zero(.usd)]))
        let drawings = trend.cancellations.drawings
        #expect(drawings.map(\.variant) == ["wide", "narrow"])
        #expect(drawings.map(\.titleID) == ["chart-cancellations-wide-title", "chart-cancellations-narrow-title"])
        #expect(drawings.map(\.viewBox) == ["0 0 720 290", "0 0 360 240"])
        #expect(drawings.map(\.bars.count) == [1, 1])
        let twoMonths = BarChartTests.trend(days: 60)
        #expect(twoMonths.cancellations.drawings.map { $0.categoryLabels.map(\.text) } == [
            ["1 Nov", "8 Nov", "15 Nov", "22 Nov", "29 Nov", "6 Dec", "13 Dec", "20 Dec", "27 Dec"],
            ["1 Nov", "15 Nov", "29 Nov", "13 Dec", "27 Dec"],
        ])
    }

    @Test("a range without cancellations has no trend; one without confirmed refunds has no refund chart")
    func emptyStates() throws {
        #expect(Self.trend(refunded: []) == nil)
        let unrefunded = try #require(Self.trend(refunded: [.zero(.usd)]))
        #expect(unrefunded.refunds.isEmpty)
        #expect(!unrefunded.hasRefunds)
    }

    @Test("refunds in two currencies get a chart each, named by currency")
    func currencies() throws {
        let trend = try #require(Self.trend(refunded: [
            Money(minorUnits: 2_500, currency: .usd), Money(minorUnits: 900, currency: .eur),
        ]))
        #expect(trend.refunds.map(\.id) == ["chart-refunds-eur", "chart-refunds-usd"])
        #expect(trend.refunds.map(\.name) == ["refunds-per-day", "refunds-per-day"])
        #expect(trend.refunds.first?.title.hasPrefix("Refunded in EUR per day, ") == true)
        #expect(trend.rows.first?.refunded == "€9.00 + $25.00")
    }

    /// One cancellation a day for `days` days from 1 Nov 2026 (UTC).
    static func trend(days: Int) -> CancellationTrend {
        let utc = TimeZone(identifier: "UTC")!
        let first = Date(timeIntervalSince1970: 1_793_527_200)  // 2026-11-01 10:00 UTC
        let tallies = (0..<days).map {
            CancellationTally(
                cancelledAt: first.addingTimeInterval(Double($0) * 86_400), reason: .customer, refunded: .zero(.usd))
        }
        let from = CalendarDay(year: 2026, month: 11, day: 1)!
        let range = ReportDateRange(from: from, to: from.adding(days: days - 1), timeZone: utc)
        let format = DisplayFormat(timeZone: utc)
        return CancellationTrend(
            DailyCancellations(range: range, tallies: tallies), period: CancellationReportPage.period(range, format: format),
            isOneDay: days == 1, format: format)!
    }

    /// Cancellations between 1 and 3 Nov 2026 (UTC), one per refund given: the first on 1 Nov by a customer, the
    /// others for fraud, the second on 1 Nov too and the rest on 3 Nov.
    static func trend(refunded: [Money]) -> CancellationTrend? {
        let utc = TimeZone(identifier: "UTC")!
        let first = Date(timeIntervalSince1970: 1_793_527_200)  // 2026-11-01 10:00 UTC
        let tallies = refunded.enumerated().map { index, money in
            CancellationTally(
                cancelledAt: first.addingTimeInterval(index == 0 ? 0 : index == 1 ? 3_600 : 2 * 86_400),
                reason: index == 0 ? .customer : .fraud, refunded: money)
        }
        let range = ReportDateRange(
            from: CalendarDay(year: 2026, month: 11, day: 1)!, to: CalendarDay(year: 2026, month: 11, day: 3)!, timeZone: utc)
        let format = DisplayFormat(timeZone: utc)
        return CancellationTrend(
            DailyCancellations(range: range, tallies: tallies), period: CancellationReportPage.period(range, format: format),
            isOneDay: false, format: format)
    }
}
