/// The arithmetic of a stacked bar chart, in the SVG's own units: where the value axis's ticks fall, which
/// categories get a label, and the rectangle of every piece of every bar. `BarChart` turns it into markup.
struct BarChartGeometry: Equatable {
    /// The drawing's size and the plot area inside it; the margins hold the axis labels.
    struct Frame: Equatable {
        var width: Double
        var height: Double
        var plotLeft: Double
        var plotTop: Double
        var plotRight: Double
        var plotBottom: Double

        var plotWidth: Double { plotRight - plotLeft }
        var plotHeight: Double { plotBottom - plotTop }

        /// Room on the left for a tick such as `$12,000`, below for a day such as `30 Nov`.
        static let standard = Frame(width: 720, height: 290, plotLeft: 76, plotTop: 12, plotRight: 708, plotBottom: 252)
        /// For a phone: about as wide in units as the screen is in pixels, so the labels stay a readable size.
        static let narrow = Frame(width: 360, height: 240, plotLeft: 60, plotTop: 12, plotRight: 352, plotBottom: 204)
    }

    /// One series' part of one bar.
    struct Segment: Equatable {
        var category: Int
        var series: Int
        var value: Int64
        var x: Double
        var y: Double
        var width: Double
        var height: Double
    }

    struct Tick: Equatable {
        var value: Int64
        var y: Double
    }

    /// A category named under the axis, at the middle of its bar.
    struct Label: Equatable {
        var category: Int
        var x: Double
    }

    let frame: Frame
    /// From zero up to the first tick at or above the tallest bar.
    let ticks: [Tick]
    /// Bottom-up within each bar, bars left to right; a zero value has no segment.
    let segments: [Segment]
    let labels: [Label]
    /// Bars too narrow for a gap between them, or a line between their pieces.
    let isDense: Bool

    /// Categories narrower than this (in SVG units) have no gap between their bars.
    static let minimumSlotForGap = 6.0
    /// The share of a category's width left empty between bars.
    static let gapShare = 0.3
    /// A bar of a short range stays a bar, not a block: wider slots centre a bar this wide.
    static let maximumBarWidth = 48.0

    /// `stacks[c][s]` is series `s`'s value in category `c`; each bar stacks its series bottom-up, in order.
    init(stacks: [[Int64]], frame: Frame = .standard, maximumLabels: Int = 12) {
        self.frame = frame
        let tallest = stacks.map { $0.reduce(0, +) }.max() ?? 0
        let tickValues = Self.niceTicks(upTo: tallest)
        let top = Double(tickValues.last ?? 1)
        let y = { (value: Int64) in Self.rounded(frame.plotBottom - Double(value) / top * frame.plotHeight) }
        ticks = tickValues.map { Tick(value: $0, y: y($0)) }

        let slot = stacks.isEmpty ? frame.plotWidth : frame.plotWidth / Double(stacks.count)
        let gap = slot >= Self.minimumSlotForGap ? slot * Self.gapShare : 0
        let barWidth = min(slot - gap, Self.maximumBarWidth)
        isDense = gap == 0
        var segments: [Segment] = []
        for (category, stack) in stacks.enumerated() {
            let middle = frame.plotLeft + (Double(category) + 0.5) * slot
            let left = Self.rounded(middle - barWidth / 2)
            let right = Self.rounded(middle + barWidth / 2)
            var below: Int64 = 0
            for (series, value) in stack.enumerated() where value > 0 {
                // Both edges come from the running total, so stacked pieces meet without a seam.
                let (bottom, topEdge) = (y(below), y(below + value))
                segments.append(Segment(
                    category: category, series: series, value: value, x: left, y: topEdge, width: Self.rounded(right - left),
                    height: Self.rounded(bottom - topEdge)))
                below += value
            }
        }
        self.segments = segments
        labels = Self.labelledCategories(count: stacks.count, maximumLabels: maximumLabels).map {
            Label(category: $0, x: Self.rounded(frame.plotLeft + (Double($0) + 0.5) * slot))
        }
    }

    /// Ticks from zero in steps of 1, 2 or 5 times a power of ten, about five intervals, the last at or above
    /// `maximum`. In minor units a step of 500 is $5.00, so money gets round ticks too.
    static func niceTicks(upTo maximum: Int64, intervals: Int64 = 5) -> [Int64] {
        guard maximum > 0 else { return [0, 1] }
        var power: Int64 = 1
        var step: Int64 = 1
        search: while true {
            for multiple: Int64 in [1, 2, 5] {
                let (span, overflows) = (power * multiple).multipliedReportingOverflow(by: intervals)
                if overflows || span >= maximum {
                    step = power * multiple
                    break search
                }
            }
            power *= 10
        }
        let intervalsNeeded = maximum / step + (maximum % step == 0 ? 0 : 1)
        return (0...intervalsNeeded).map { $0 * step }
    }

    /// The categories (days) that get a label: all of them when they fit, otherwise every 2nd, every 7th (a week
    /// apart), every 14th, and so on, always from the first.
    static func labelledCategories(count: Int, maximumLabels: Int) -> [Int] {
        guard count > 0, maximumLabels > 0 else { return [] }
        let steps = [1, 2, 7, 14, 28, 56, 91, 182, 364]
        let fits = { (step: Int) in (count + step - 1) / step <= maximumLabels }
        let step = steps.first(where: fits) ?? (count + maximumLabels - 1) / maximumLabels
        return Array(stride(from: 0, to: count, by: step))
    }

    /// To a hundredth of a unit, finer than any screen shows, so the markup stays short and the same on every run.
    static func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
