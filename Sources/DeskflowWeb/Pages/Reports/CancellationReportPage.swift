import DeskflowDomain
import DeskflowStore
import Foundation

/// The cancellations report: the date range form, totals by reason, the refunded total, the trend per day (charts
/// and a table) and one row per cancellation. The same rows download as CSV.
struct CancellationReportPage {
    struct Row {
        var orderNumber: Int
        var orderURL: String
        var cancelledAt: String
        var cancelledAtISO: String
        var reason: String
        var reasonCode: String
        var note: String
        var hasNote: Bool
        var refund: String
        var refundMinor: Int64
        var hasRefund: Bool
        var refundState: String
        var refundBadge: StateBadge?
        /// "+ $5.00 refunded later", when money went back after the cancellation.
        var refundedLater: String?
        var voided: String
        var hasVoid: Bool
        var restocked: String
        var notified: String
        var staffName: String
    }

    /// A refund state shown with the shared badge partial: the tone picks the colour, the label says it.
    struct StateBadge {
        var label: String
        var tone: String
    }

    struct ReasonTotal {
        var reason: String
        var code: String
        var count: String
    }

    var chrome: PageChrome
    var heading: String
    var from: String
    var to: String
    var period: String
    var csvURL: String
    var summary: String
    var totalCount: String
    var reasonTotals: [ReasonTotal]
    var refundedTotal: String
    /// Nil when there is nothing to chart.
    var trend: CancellationTrend?
    var rows: [Row]
    var hasRows: Bool
    var truncatedNote: String?
    var emptyTitle: String
    var emptyAdvice: String

    init(chrome: PageChrome, range: ReportDateRange, report: CancellationReport, format: DisplayFormat) {
        self.chrome = chrome
        heading = "Cancellations"
        from = range.from.description
        to = range.to.description
        period = Self.period(range, format: format)
        csvURL = Self.url(range, csv: true)
        summary = switch report.totalCount {
        case 0: "No cancellations"
        case 1: "1 cancellation"
        case let count: "\(count.formatted()) cancellations"
        }
        totalCount = report.totalCount.formatted()
        reasonTotals = report.byReason.map {
            ReasonTotal(reason: $0.reason.label, code: $0.reason.rawValue, count: $0.count.formatted())
        }
        refundedTotal = report.refunded.isEmpty
            ? "Nothing refunded" : report.refunded.map(\.formatted).joined(separator: " + ")
        trend = CancellationTrend(
            DailyCancellations(range: range, tallies: report.tallies), period: period, isOneDay: range.dayCount == 1,
            format: format)
        rows = report.rows.map { row in
            Row(
                orderNumber: row.orderNumber, orderURL: SitePath.order(row.orderNumber),
                cancelledAt: format.dateTime(row.cancelledAt), cancelledAtISO: format.iso(row.cancelledAt),
                reason: row.reason.label, reasonCode: row.reason.rawValue, note: row.note, hasNote: !row.note.isEmpty,
                refund: row.refundState == nil ? "" : row.refund.formatted, refundMinor: row.refund.minorUnits,
                hasRefund: row.refundState != nil,
                refundState: row.refundState?.rawValue ?? "none", refundBadge: row.refundState.map(Self.badge),
                refundedLater: row.refundedLater.isPositive ? "+ \(row.refundedLater.formatted) refunded later" : nil,
                voided: row.voided.formatted, hasVoid: row.voided.isPositive,
                restocked: row.restocked ? "Yes" : "No", notified: row.notified ? "Yes" : "No", staffName: row.staffName)
        }
        hasRows = !report.rows.isEmpty
        truncatedNote = report.isTruncated
            ? "Showing the newest \(report.rows.count.formatted()) of \(report.totalCount.formatted()) cancellations. "
                + "The CSV download has them all."
            : nil
        emptyTitle = "No cancellations in this period"
        emptyAdvice = "No order was cancelled \(range.dayCount == 1 ? "on" : "from") \(period). "
            + "Choose other dates to look further back."
    }

    static func badge(_ state: RefundSummary.State) -> StateBadge {
        let tone = switch state {
        case .pending: "waiting"
        case .succeeded: "done"
        case .failed: "danger"
        case .replaced: "muted"
        }
        return StateBadge(label: OrderDetailPage.label(state), tone: tone)
    }

    /// `1 Nov 2026 to 27 Nov 2026`, or the one day.
    static func period(_ range: ReportDateRange, format: DisplayFormat) -> String {
        let first = format.date(range.from.start(in: range.timeZone))
        let last = format.date(range.to.start(in: range.timeZone))
        return range.dayCount == 1 ? first : "\(first) to \(last)"
    }

    /// The report's address for a range; dates are digits and dashes, so they need no escaping.
    static func url(_ range: ReportDateRange, csv: Bool = false) -> String {
        SitePath.cancellationReport(from: range.from, to: range.to, csv: csv)
    }

    static func csvFilename(_ range: ReportDateRange) -> String {
        "cancellations-\(range.from)-to-\(range.to).csv"
    }

    static let csvHeader = [
        "Order", "Cancelled at", "Reason", "Note", "Refund", "Refund state", "Voided", "Currency", "Restocked", "Notified",
        "Cancelled by", "Refunded later",
    ]

    /// The report's rows as CSV: amounts as plain numbers with the currency beside them, times in ISO 8601 in the
    /// store's time zone, the refund state as a code (`none` when the cancellation issued no refund).
    static func csv(_ report: CancellationReport, format: DisplayFormat) -> String {
        var writer = CSVWriter(header: csvHeader)
        for row in report.rows {
            writer.append([
                String(row.orderNumber), format.iso(row.cancelledAt), row.reason.label, row.note, row.refund.plainAmount,
                row.refundState?.rawValue ?? "none", row.voided.plainAmount, row.refund.currency.code,
                row.restocked ? "yes" : "no", row.notified ? "yes" : "no", row.staffName, row.refundedLater.plainAmount,
            ])
        }
        return writer.text
    }
}
