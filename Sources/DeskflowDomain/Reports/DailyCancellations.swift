import Foundation

/// One cancellation as the report's trend counts it: when, why, and what its refund brought back.
public struct CancellationTally: Hashable, Sendable {
    public var cancelledAt: Date
    public var reason: CancelReason
    /// The refund the cancellation issued, once the payment provider confirmed it; zero otherwise, so a pending or
    /// failed refund counts nothing, as in the report's refunded total.
    public var refunded: Money

    public init(cancelledAt: Date, reason: CancelReason, refunded: Money) {
        self.cancelledAt = cancelledAt
        self.reason = reason
        self.refunded = refunded
    }
}

/// A report range's cancellations counted per calendar day in the store's time zone: how many for each reason and
/// the refunds confirmed, per currency.
///
/// Every day of the range has an entry, quiet days included, so the days of a chart line up with the calendar.
public struct DailyCancellations: Hashable, Sendable {
    public struct Day: Hashable, Sendable {
        public let day: CalendarDay
        /// Cancellations on this day, by reason; a reason with none is absent.
        public fileprivate(set) var counts: [CancelReason: Int] = [:]
        /// Confirmed refunds on this day, by currency code; a currency with none is absent.
        public fileprivate(set) var refundedMinor: [String: Int64] = [:]

        public var total: Int { counts.values.reduce(0, +) }

        public func count(_ reason: CancelReason) -> Int { counts[reason] ?? 0 }

        public func refunded(in currency: Currency) -> Money {
            Money(minorUnits: refundedMinor[currency.code] ?? 0, currency: currency)
        }
    }

    /// One entry per day of the range, oldest first.
    public let days: [Day]
    /// The reasons given at least once, in the order the cancel form lists them.
    public let reasons: [CancelReason]
    /// The currencies with a confirmed refund, ordered by code.
    public let refundCurrencies: [Currency]

    /// Counts `tallies` into the days of `range`; a tally outside the range is left out.
    public init(range: ReportDateRange, tallies: [CancellationTally]) {
        // Day boundaries come from the calendar, so a day on which the clocks change is 23 or 25 hours long.
        let starts = (0...range.dayCount).map { range.from.adding(days: $0).start(in: range.timeZone) }
        var days = (0..<range.dayCount).map { Day(day: range.from.adding(days: $0)) }
        var currencies: [String: Currency] = [:]
        for tally in tallies {
            guard let index = Self.dayIndex(of: tally.cancelledAt, starts: starts) else { continue }
            days[index].counts[tally.reason, default: 0] += 1
            if tally.refunded.isPositive {
                days[index].refundedMinor[tally.refunded.currency.code, default: 0] += tally.refunded.minorUnits
                currencies[tally.refunded.currency.code] = tally.refunded.currency
            }
        }
        self.days = days
        let given = Set(tallies.filter { Self.dayIndex(of: $0.cancelledAt, starts: starts) != nil }.map(\.reason))
        reasons = CancelReason.allCases.filter(given.contains)
        refundCurrencies = currencies.keys.sorted().compactMap { currencies[$0] }
    }

    /// Every cancellation counted.
    public var total: Int { days.reduce(0) { $0 + $1.total } }

    /// The busiest day: the most cancellations, the earliest of equals; nil when there are none.
    public var busiestDay: Day? {
        days.reduce(nil as Day?) { best, day in
            day.total > (best?.total ?? 0) ? day : best
        }
    }

    /// All confirmed refunds in `currency`.
    public func refunded(in currency: Currency) -> Money {
        days.reduce(.zero(currency)) { $0 + $1.refunded(in: currency) }
    }

    /// The day with the largest confirmed refunds in `currency`, the earliest of equals; nil when there are none.
    public func largestRefundDay(in currency: Currency) -> Day? {
        days.reduce(nil as Day?) { best, day in
            day.refunded(in: currency) > (best?.refunded(in: currency) ?? .zero(currency)) ? day : best
        }
    }

    /// The index of the day `moment` falls on: the last start at or before it, if it is before the range's end.
    private static func dayIndex(of moment: Date, starts: [Date]) -> Int? {
        guard let first = starts.first, let end = starts.last, moment >= first, moment < end else { return nil }
        var low = 0
        var high = starts.count - 1
        // Invariant: starts[low] <= moment < starts[high].
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= moment { low = middle } else { high = middle }
        }
        return low
    }
}
