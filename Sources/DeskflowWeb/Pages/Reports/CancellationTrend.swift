import DeskflowDomain
import Foundation

/// The cancellations report's trend: cancellations per day stacked by reason, refunds per day, and the same numbers
/// in a table for screen readers and for reading exact figures.
struct CancellationTrend {
    struct DayRow {
        /// One reason's count, with the reason to label the cell where a phone stacks the row.
        struct Count {
            var reason: String
            var count: String
        }

        var day: String
        var dayISO: String
        /// One count per reason column, in `reasonHeadings` order.
        var counts: [Count]
        var total: String
        var refunded: String
        var hasRefund: Bool
    }

    var cancellations: BarChart
    /// One chart per currency with a confirmed refund.
    var refunds: [BarChart]
    var hasRefunds: Bool
    var noRefunds: String
    var reasonHeadings: [String]
    var rows: [DayRow]

    /// Nil for a range without cancellations: the report shows its empty state, not an empty chart.
    init?(_ daily: DailyCancellations, period: String, isOneDay: Bool, format: DisplayFormat) {
        guard let busiest = daily.busiestDay else { return nil }
        let dates = daily.days.map { format.date($0.day) }
        let categories = daily.days.map { format.dayAndMonth($0.day) }
        let span = isOneDay ? "on \(period)" : "per day, \(period)"

        let reasons = daily.reasons
        let busiestNote = isOneDay ? "" : ", most on \(format.date(busiest.day)) (\(busiest.total.formatted()))"
        cancellations = BarChart(
            name: "cancellations-per-day", id: "chart-cancellations",
            title: "Cancellations \(span), by reason: \(daily.total.formatted()) in total\(busiestNote)",
            caption: "Cancellations each day, each bar divided by reason. The table “Each day” below has the numbers.",
            stacks: daily.days.map { day in reasons.map { Int64(day.count($0)) } },
            series: reasons.map { BarChart.Series(label: $0.label, cssClass: "chart-reason-\($0.rawValue)") },
            showsLegend: true,
            categories: categories, tickText: { Int($0).formatted() },
            tooltip: { day, reason, count in "\(dates[day]), \(reasons[reason].label): \(Int(count).formatted())" })

        let currencies = daily.refundCurrencies
        refunds = currencies.map { currency in
            let named = currencies.count > 1 ? " in \(currency.code)" : ""
            let largest = daily.largestRefundDay(in: currency)
            let largestNote = isOneDay
                ? "" : largest.map { ", most on \(format.date($0.day)) (\($0.refunded(in: currency).formatted))" } ?? ""
            let amounts = daily.days.map { $0.refunded(in: currency).minorUnits }
            let wholeTicks = BarChartGeometry.niceTicks(upTo: amounts.max() ?? 0)
                .allSatisfy { $0 % currency.minorUnitsPerMajor == 0 }
            return BarChart(
                name: "refunds-per-day", id: "chart-refunds-\(currency.code.lowercased())",
                title: "Refunded\(named) \(span): \(daily.refunded(in: currency).formatted) in total\(largestNote)",
                caption: "Refunds these cancellations issued that the payment gateway confirmed, "
                    + "on the day of the cancellation\(named).",
                stacks: amounts.map { [$0] },
                series: [BarChart.Series(label: "Refunded", cssClass: "chart-refund")], showsLegend: false,
                categories: categories,
                tickText: { minor in
                    let money = Money(minorUnits: minor, currency: currency)
                    return wholeTicks ? money.formattedWholeUnits : money.formatted
                },
                tooltip: { day, _, minor in
                    "\(dates[day]): \(Money(minorUnits: minor, currency: currency).formatted) refunded"
                })
        }
        hasRefunds = !refunds.isEmpty
        noRefunds = "None of these cancellations has a refund the payment gateway confirmed, so there is no refund chart."

        reasonHeadings = reasons.map(\.label)
        rows = daily.days.filter { $0.total > 0 }.map { day in
            let refunded = currencies.map { day.refunded(in: $0) }.filter(\.isPositive)
            return DayRow(
                day: format.date(day.day), dayISO: day.day.description,
                counts: reasons.map { DayRow.Count(reason: $0.label, count: day.count($0).formatted()) },
                total: day.total.formatted(),
                refunded: refunded.map(\.formatted).joined(separator: " + "), hasRefund: !refunded.isEmpty)
        }
    }
}
