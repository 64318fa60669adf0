import DeskflowTemplates
import Foundation
import Hummingbird

/// The one way Deskflow renders a page: a Mustache template from `Templates/` and its page view model. Every page
/// template is compiled against its view model at start-up, so a missing template, a syntax error or a name the
/// view model does not have stops start-up with the file and line, rather than failing a request.
struct PageRenderer: Sendable {
    let format: DisplayFormat
    private let pages: [String: any Sendable]
    private let audit: (any PageAudit)?

    init(templatesDirectory: URL, format: DisplayFormat, audit: (any PageAudit)? = nil) throws {
        let library = try TemplateLibrary(directory: templatesDirectory)
        var pages: [String: any Sendable] = [:]
        func compile<Page: TemplateScope>(_ name: String, _ page: Page.Type) throws {
            pages[name] = try library.compile(name, for: page)
        }
        try compile("auth/sign-in", SignInPage.self)
        try compile("orders/list", OrdersListPage.self)
        try compile("orders/detail", OrderDetailPage.self)
        try compile("orders/bulk-results", BulkResultsPage.self)
        try compile("inventory/list", InventoryPage.self)
        try compile("notifications/list", NotificationsListPage.self)
        try compile("notifications/detail", NotificationPage.self)
        try compile("reports/cancellations", CancellationReportPage.self)
        try compile("staff/list", StaffPage.self)
        try compile("errors/error", ErrorPage.self)
        self.pages = pages
        self.format = format
        self.audit = audit
    }

    func render<Page: TemplateScope>(_ template: String, _ model: Page, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let page = pages[template] as? CompiledTemplate<Page> else {
            throw TemplateError(file: "\(template).mustache", problem: "is not compiled for \(Page.self)")
        }
        let html = page.render(model)
        try audit?.check(template: template, model: model, html: html)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: html))
    }

    func errorPage(_ error: PageError, context: AppRequestContext) throws -> Response {
        let model = ErrorPage(
            chrome: PageChrome(title: error.title, context: context, consumeFlash: false),
            statusCode: Int(error.status.code), title: error.title, message: error.message, advice: error.advice,
            signedIn: context.staff != nil)
        return try render("errors/error", model, status: error.status)
    }
}

/// Sees every page as it is rendered, with its view model. The web tests use it to render each page again with
/// swift-mustache, the reference the compiled templates must match byte for byte; a mismatch throws.
public protocol PageAudit: Sendable {
    func check(template: String, model: Any, html: ByteBuffer) throws
}
