import Mustache
import NIOCore
import Testing

@testable import DeskflowTemplates

/// Small models and templates that exercise each Mustache rule Deskflow relies on, rendered by swift-mustache (the
/// reference) and by the compiled templates. The web tests do the same for every page they render.
@Suite("Compiled templates against swift-mustache")
struct DifferentialTests {
    struct Line: TemplateScope {
        var name: String
        var note: String?
        var tags: [String]
        var quantity: Int
        var isGift: Bool
        static let templateFields: TemplateFields<Line> = [
            "name": .text(\.name), "note": .text(\.note), "tags": .list(\.tags), "quantity": .number(\.quantity),
            "isGift": .flag(\.isGift),
        ]
    }

    struct Model: TemplateScope {
        var title: String
        var note: String?
        var empty: String
        var absent: String?
        var count: Int
        var total: Int64
        var yes: Bool
        var no: Bool
        var lines: [Line]
        var none: [Line]
        var first: Line?
        var missing: Line?
        static let templateFields: TemplateFields<Model> = [
            "title": .text(\.title), "note": .text(\.note), "empty": .text(\.empty), "absent": .text(\.absent),
            "count": .number(\.count), "total": .number(\.total), "yes": .flag(\.yes), "no": .flag(\.no),
            "lines": .list(\.lines), "none": .list(\.none), "first": .scope(\.first), "missing": .scope(\.missing),
        ]
    }

    static let model = Model(
        title: "Orders <&> \"all\"", note: "outer note", empty: "", absent: nil, count: 42, total: -7, yes: true,
        no: false,
        lines: [
            Line(name: "Mug", note: nil, tags: ["blue", "big"], quantity: 2, isGift: true),
            Line(name: "Tea 'n' cake", note: "fragile", tags: [], quantity: 0, isGift: false),
        ],
        none: [], first: Line(name: "First", note: nil, tags: ["one"], quantity: 1, isGift: false), missing: nil)

    static let partials: [String: String] = [
        "line": "<li>{{name}}</li>\n<li>{{quantity}}</li>\n",
        "inline": "[{{name}}]",
        "layout": "<html>\n  <main>\n  {{$content}}default{{/content}}\n  </main>\n{{$footer}}\n  <p>footer</p>\n{{/footer}}\n</html>\n",
        "frame": "<div>{{$content}}{{/content}}</div>",
        "nested": "{{<frame}}{{$content}}[{{$content}}{{/content}}]{{/content}}{{/frame}}",
    ]

    static let cases: [(String, String)] = [
        ("variables", "{{title}} {{count}} {{total}} {{yes}} {{no}} [{{empty}}] [{{absent}}]"),
        ("text around braces", "a { b } {c} }} {{title}} { x"),
        ("sections", "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}not no{{/no}}{{^yes}}not yes{{/yes}}"),
        ("empty text is true, nil is false", "{{#empty}}shown[{{.}}]{{/empty}}{{#absent}}hidden{{/absent}}{{^absent}}none{{/absent}}"),
        ("numbers as sections", "{{#count}}n={{.}}{{/count}}{{^count}}zero{{/count}}"),
        ("lists", "{{#lines}}{{name}}×{{quantity}};{{/lines}}{{^none}}no lines{{/none}}{{#none}}x{{/none}}"),
        ("a list of text", "{{#lines}}{{#tags}}<{{.}}>{{/tags}}|{{/lines}}"),
        ("names further out", "{{#lines}}{{title}}:{{name}} {{/lines}}"),
        ("a nil name further in falls back outward", "{{#lines}}{{note}}/{{/lines}}"),
        ("dotted names", "{{first.name}} {{first.quantity}} [{{missing.name}}] {{#first.tags}}{{.}}{{/first.tags}}"),
        ("dotted names through nil", "{{#missing.name}}x{{/missing.name}}{{^missing.name}}no name{{/missing.name}}"),
        ("a scope section", "{{#first}}{{name}} in {{title}}{{/first}}{{#missing}}hidden{{/missing}}{{^missing}}nothing{{/missing}}"),
        ("flags inside lists", "{{#lines}}{{#isGift}}gift {{/isGift}}{{^isGift}}plain {{/isGift}}{{/lines}}"),
        ("standalone lines", "<ul>\n  {{#lines}}\n  <li>{{name}}</li>\n  {{/lines}}\n  {{^none}}\n  <li>none</li>\n  {{/none}}\n</ul>\n"),
        ("standalone comments", "a\n  {{! a comment }}\nb {{! inline }} c\n{{!\nmulti\nline\n}}\nd\n"),
        ("tags that are not standalone", "  {{#yes}} x {{/yes}}  \n{{#yes}}y{{/yes}} \n"),
        ("windows line endings", "a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\nc\r\n"),
        ("indentation before a variable", "  {{title}}\n\t{{count}}\n"),
        ("an inline partial", "{{#lines}}{{> inline}}{{/lines}}"),
        ("a standalone indented partial", "<ul>\n{{#first}}\n  {{> line}}\n{{/first}}\n</ul>\n{{#lines}}\n    {{> line}}\n{{/lines}}\n"),
        ("a parent with an override", "{{<layout}}\n{{$content}}\n<p>{{title}}</p>\n{{/content}}\n{{/layout}}\n"),
        ("a parent with its defaults", "{{<layout}}{{/layout}}"),
        ("an indented parent", "  {{<layout}}\n  {{$content}}\n    <p>x</p>\n  {{/content}}\n  {{/layout}}\n"),
        ("parents within parents", "{{<nested}}{{$content}}inner{{/content}}{{/nested}}"),
        ("a last line without a newline", "{{#lines}}\n{{name}}\n{{/lines}}"),
        ("nothing", ""),
    ]

    @Test("same bytes as swift-mustache", arguments: cases)
    func sameBytes(name: String, template: String) throws {
        var templates = Self.partials
        templates["page"] = template
        let compiled = try TemplateLibrary(templates: templates).compile("page", for: Model.self)
        let ours = String(buffer: compiled.render(Self.model))

        var reference = MustacheLibrary()
        for (name, text) in templates { try reference.register(text, named: name) }
        let theirs = try #require(reference.render(Self.model, withTemplate: "page"))
        #expect(ours == theirs, "\(name)")
    }

    @Test("the same template renders again from scratch, and from several tasks at once")
    func renderConcurrently() async throws {
        let compiled = try TemplateLibrary(templates: ["page": "{{#lines}}{{name}},{{/lines}}"]).compile("page", for: Model.self)
        let pages = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { String(buffer: compiled.render(Self.model)) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(pages == Array(repeating: "Mug,Tea &#39;n&#39; cake,", count: 8))
    }
}
