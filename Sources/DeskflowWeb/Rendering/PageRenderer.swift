import Foundation
import Hummingbird
import Mustache

public enum TemplateError: Error, CustomStringConvertible {
    case missing(String, folder: String)
    case unreadable(folder: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name, let folder): "template \(name).mustache is missing from \(folder)"
        case .unreadable(let folder, let reason): "cannot load the templates in \(folder): \(reason)"
        }
    }
}

/// The one way Deskflow renders a page: a Mustache template from `Templates/` and a page view model.
/// Templates load once at start-up, and a missing one stops start-up rather than a request.
struct PageRenderer: Sendable {
    static let requiredTemplates = ["layout", "auth/sign-in", "orders/list", "orders/detail", "orders/cancel-dialog", "orders/form-dialog", "inventory/list", "reports/cancellations", "staff/list", "orders/bulk-results", "errors/error"]

    let library: MustacheLibrary
    let format: DisplayFormat

    init(templatesDirectory: URL, format: DisplayFormat) async throws {
        do {
            library = try await MustacheLibrary(directory: templatesDirectory.path)
        } catch {
            throw TemplateError.unreadable(folder: templatesDirectory.path, reason: "\(error)")
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw TemplateError.missing(name, folder: templatesDirectory.path)
        }
        self.format = format
    }

    func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = library.render(TemplateContext.of(model) as Any, withTemplate: template) else {
            throw TemplateError.missing(template, folder: "Templates")
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func errorPage(_ error: PageError, context: AppRequestContext) throws -> Response {
        let model = ErrorPage(
            chrome: PageChrome(title: error.title, context: context, consumeFlash: false),
            statusCode: Int(error.status.code), title: error.title, message: error.message, advice: error.advice,
            signedIn: context.staff != nil)
        return try render("errors/error", model, status: error.status)
    }
}
