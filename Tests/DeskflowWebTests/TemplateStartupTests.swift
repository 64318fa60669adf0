import DeskflowTemplates
import DeskflowWeb
import Foundation
import Logging
import Testing

/// A broken page template stops start-up with one line naming the file and line, before any request is served.
@Suite("Templates at start-up")
struct TemplateStartupTests {
    /// A copy of the resource root whose `Templates/` has `change` applied to one file.
    static func rootWithTemplate(_ name: String, changedBy change: (String) -> String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("deskflow-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        let file = root.appendingPathComponent("Templates/\(name).mustache")
        try change(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        return root
    }

    @Test(
        "an unknown name, an unclosed section or a missing partial is refused with the file and line",
        arguments: [
            ("orders/list", "{{heading}}", "{{headline}}", "orders/list.mustache:4: no name headline in OrdersListPage"),
            ("partials/badge", "<span", "{{#tone}}\n<span", "partials/badge.mustache:1: {{tone}} is never closed with {{/tone}}"),
            ("errors/error", "{{/content}}", "{{> partials/gone}}{{/content}}",
             "errors/error.mustache:11: partial partials/gone.mustache is missing from"),
        ])
    func refused(template: String, find: String, replacement: String, expected: String) async throws {
        let root = try Self.rootWithTemplate(template) { $0.replacingOccurrences(of: find, with: replacement) }
        defer { try? FileManager.default.removeItem(at: root) }
        var app = try await TestApp.make(empty: true)
        app.configuration.resourceRoot = root
        let error = await #expect(throws: TemplateError.self) {
            _ = try await buildApplication(configuration: app.configuration, database: app.database, logger: Logger(label: "test"))
        }
        #expect(error?.description.hasPrefix(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }
}
