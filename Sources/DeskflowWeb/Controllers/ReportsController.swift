import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Records for managers: the cancellations report, as a page and as a CSV download.
struct ReportsController {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let clock: AppClock

    /// Rows on the page; the download carries every cancellation in the range (at most a year's worth).
    static let pageLimit = 500
    static let downloadLimit = 100_000

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/reports/cancellations", use: cancellations)
    }

    /// GET /reports/cancellations — cancellations between `from` and `to`, as a page or, with `format=csv`, a file.
    @Sendable func cancellations(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let range: ReportDateRange
        switch ReportDateRange.parse(
            from: query["from"].map(String.init), to: query["to"].map(String.init), today: clock.now,
            timeZone: renderer.format.timeZone)
        {
        case .success(let parsed): range = parsed
        case .failure(let error):
            throw PageError.badRequest(error.message, advice: "Open the cancellations report again and choose other dates.")
        }
        switch query["format"].map(String.init) ?? "" {
        case "", "html":
            let report = try await database.cancellationReport(from: range.start, to: range.end, limit: Self.pageLimit)
            let page = CancellationReportPage(
                chrome: PageChrome(title: "Cancellations", context: context, navReports: true), range: range, report: report,
                format: renderer.format)
            return try renderer.render("reports/cancellations", page)
        case "csv":
            let report = try await database.cancellationReport(from: range.start, to: range.end, limit: Self.downloadLimit)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"\(CancellationReportPage.csvFilename(range))\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: CancellationReportPage.csv(report, format: renderer.format))))
        default:
            throw PageError.badRequest(
                "The cancellations report comes as a page or as a CSV file, so the format asked for is not known.",
                advice: "Use the report’s own “Download CSV” link.")
        }
    }
}
