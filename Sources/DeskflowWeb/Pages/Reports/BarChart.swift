/// A bar chart as `partials/bar-chart` draws it: inline SVG whose every coordinate and word is ready to print.
///
/// It is drawn twice, wide for a desktop or paper and narrow for a phone, and the stylesheet shows the one that fits:
/// an SVG scales as a whole, so one drawing shrunk onto a phone would shrink its labels past reading. The page's
/// security policy allows no inline style, so colours come from the `seriesClass` classes in `Public/css/app.css`,
/// and positions from SVG presentation attributes.
struct BarChart {
    /// One stacked series: its name in the legend and the class that colours it.
    struct Series {
        var label: String
        var cssClass: String
    }

    struct Line {
        var x1: String
        var y1: String
        var x2: String
        var y2: String
    }

    struct AxisText {
        var x: String
        var y: String
        var text: String
    }

    struct Bar {
        var x: String
        var y: String
        var width: String
        var height: String
        var seriesClass: String
        /// Shown on pointing at the bar; the same figure is in the table beside the chart.
        var tooltip: String
    }

    /// The chart drawn for one size of screen.
    struct Drawing {
        /// `wide` or `narrow`, for the stylesheet.
        var variant: String
        var titleID: String
        var viewBox: String
        var barsClass: String
        var gridLines: [Line]
        var valueLabels: [AxisText]
        var categoryLabels: [AxisText]
        var baseline: Line
        var bars: [Bar]
    }

    /// The sizes drawn, and how many category labels fit under each.
    static let layouts: [(variant: String, frame: BarChartGeometry.Frame, maximumLabels: Int)] = [
        ("wide", .standard, 12), ("narrow", .narrow, 5),
    ]

    /// `data-chart`: which chart this is, for tests outside the project.
    var name: String
    /// Unique on the page; prefixes the ids of the titles and the caption.
    var id: String
    /// What the chart shows, read out as the image's name.
    var title: String
    var caption: String
    var drawings: [Drawing]
    var legend: [Series]
    var hasLegend: Bool

    /// - Parameters:
    ///   - stacks: `stacks[c][s]`, series `s`'s value in category `c`.
    ///   - categories: the label under each bar, when there is room for it.
    ///   - showsLegend: whether the colours need naming; a single series the title names needs no legend.
    ///   - tickText: a value on the value axis, such as `20` or `$500`.
    ///   - tooltip: the words for one piece of one bar: category, series, value.
    init(
        name: String, id: String, title: String, caption: String, stacks: [[Int64]], series: [Series], showsLegend: Bool,
        categories: [String], tickText: (Int64) -> String, tooltip: (Int, Int, Int64) -> String
    ) {
        self.name = name
        self.id = id
        self.title = title
        self.caption = caption
        drawings = Self.layouts.map { layout in
            Self.drawing(
                BarChartGeometry(stacks: stacks, frame: layout.frame, maximumLabels: layout.maximumLabels),
                variant: layout.variant, titleID: "\(id)-\(layout.variant)-title", series: series, categories: categories,
                tickText: tickText, tooltip: tooltip)
        }
        legend = series
        hasLegend = showsLegend && !series.isEmpty
    }

    private static func drawing(
        _ geometry: BarChartGeometry, variant: String, titleID: String, series: [Series], categories: [String],
        tickText: (Int64) -> String, tooltip: (Int, Int, Int64) -> String
    ) -> Drawing {
        let frame = geometry.frame
        let left = number(frame.plotLeft)
        let right = number(frame.plotRight)
        let bottom = number(frame.plotBottom)
        return Drawing(
            variant: variant, titleID: titleID,
            viewBox: "0 0 \(number(frame.width)) \(number(frame.height))",
            barsClass: geometry.isDense ? "chart-bars chart-bars-dense" : "chart-bars",
            // The zero line is the baseline, drawn stronger; the grid marks the ticks above it.
            gridLines: geometry.ticks.dropFirst().map { Line(x1: left, y1: number($0.y), x2: right, y2: number($0.y)) },
            valueLabels: geometry.ticks.map {
                AxisText(x: number(frame.plotLeft - 8), y: number($0.y + 4), text: tickText($0.value))
            },
            categoryLabels: geometry.labels.map {
                AxisText(x: number($0.x), y: number(frame.plotBottom + 20), text: categories[$0.category])
            },
            baseline: Line(x1: left, y1: bottom, x2: right, y2: bottom),
            bars: geometry.segments.map { segment in
                Bar(
                    x: number(segment.x), y: number(segment.y), width: number(segment.width),
                    height: number(segment.height), seriesClass: series[segment.series].cssClass,
                    tooltip: tooltip(segment.category, segment.series, segment.value))
            })
    }

    /// `12`, `12.5`, `12.25`: at most two decimals, none when whole.
    static func number(_ value: Double) -> String {
        let hundredths = Int64((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = String(hundredths.magnitude / 100)
        let fraction = hundredths.magnitude % 100
        if fraction == 0 { return sign + whole }
        if fraction % 10 == 0 { return sign + whole + "." + String(fraction / 10) }
        return sign + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
