import Testing

@testable import DeskflowTemplates

@Suite("Template parser and compiler errors")
struct TemplateParserTests {
    struct Page: TemplateScope {
        var title: String
        var rows: [String]
        static let templateFields: TemplateFields<Page> = ["title": .text(\.title), "rows": .list(\.rows)]
    }

    static func compileError(_ templates: [String: String]) -> String? {
        do {
            _ = try TemplateLibrary(templates: templates).compile("page", for: Page.self)
            return nil
        } catch let error as TemplateError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(
        "every error names the file and line and says what is wrong",
        arguments: [
            ("line 1\n{{#rows}}\n{{.}}\n", "page.mustache:2: {{rows}} is never closed with {{/rows}}"),
            ("{{#rows}}{{/title}}", "page.mustache:1: {{/title}} closes {{rows}} opened on line 1"),
            ("a\n\n{{/rows}}", "page.mustache:3: {{/rows}} closes a section that was never opened"),
            ("{{title", "page.mustache:1: a tag is not closed with }} (or its name has a character names cannot have)"),
            ("{{ti tle}}", "page.mustache:1: a tag is not closed with }} (or its name has a character names cannot have)"),
            ("{{! never closed", "page.mustache:1: a comment is never closed with }}"),
            ("{{{title}}}", "page.mustache:1: unescaped output ({{{ }}} or {{& }}) is not allowed in pages; every value is escaped"),
            ("\n{{&title}}", "page.mustache:2: unescaped output ({{{ }}} or {{& }}) is not allowed in pages; every value is escaped"),
            ("{{=<% %>=}}", "page.mustache:1: delimiter changes and pragmas are not supported"),
            ("{{% CONTENT_TYPE: TEXT}}", "page.mustache:1: delimiter changes and pragmas are not supported"),
            ("{{uppercased(title)}}", "page.mustache:1: transforms like {{uppercased(title)}} are not supported"),
            ("{{>*title}}", "page.mustache:1: dynamic partials ({{>*name}}) are not supported"),
            ("{{.title}}", "page.mustache:1: names that start with a dot ({{.title}}) are not supported"),
            ("{{title..x}}", "page.mustache:1: {{title..x}} has an empty part"),
            ("{{}}", "page.mustache:1: a tag has no name"),
            ("{{> }}", "page.mustache:1: a partial tag has no name"),
            ("\n\n{{> missing}}", "page.mustache:3: partial missing.mustache is missing from (memory)"),
            ("{{<parent}}<p>text</p>{{/parent}}", nil),
            ("{{<parent}}{{title}}{{/parent}}", "page.mustache:1: only {{$block}} overrides may appear inside {{<parent}}"),
            ("{{subtitle}}", "page.mustache:1: no name subtitle in Page"),
            ("{{#rows}}\n{{length}}\n{{/rows}}", "page.mustache:2: no name length in String, Page"),
            ("{{title.first}}", "page.mustache:1: {{title.first}}: the part before first is not a group of names"),
            ("{{rows}}", "page.mustache:1: {{rows}} is a group or a list; open it as a section to show its names"),
            ("{{.}}", "page.mustache:1: {{.}} needs text or a number here, not Page"),
            ("{{> loop}}", "loop.mustache:1: partial loop includes itself"),
        ] as [(String, String?)])
    func errors(template: String, expected: String?) {
        let templates = [
            "page": template, "parent": "{{$content}}{{/content}}", "loop": "{{> loop}}",
        ]
        #expect(Self.compileError(templates) == expected)
    }

    @Test("a template that is not there is an error naming it")
    func missingTemplate() {
        #expect(Self.compileError([:]) == "page.mustache: is missing from (memory)")
    }

    @Test("a partial that is never used may have errors: only what pages use is compiled")
    func unusedPartial() {
        #expect(Self.compileError(["page": "{{title}}", "broken": "{{#open"]) == nil)
    }
}
