/// A template as parsed: text, and tags with the text between them. The shapes follow swift-mustache's tokens, so
/// standalone lines, partial indentation and inheritance come out the same; syntax Deskflow does not use (unescaped
/// output, lambdas, transforms, delimiter changes, dynamic partials) is refused by the parser instead.
indirect enum TemplateNode: Sendable, Equatable {
    case text(String)
    /// `{{name}}`: the value, HTML-escaped.
    case variable(TemplateTag)
    /// `{{#name}}…{{/name}}`, or with `inverted`, `{{^name}}…{{/name}}`.
    case section(TemplateTag, inverted: Bool, body: [TemplateNode])
    /// `{{> name}}`, or `{{< name}}…{{/name}}` with the blocks it overrides. A standalone tag carries its indentation.
    case partial(TemplateTag, indentation: String?, overrides: [String: [TemplateNode]]?)
    /// `{{$name}}…{{/name}}` where a block is shown: an override from an enclosing `{{< }}`, else its own body.
    case block(TemplateTag, indentation: String, fallback: [TemplateNode])
    /// `{{$name}}…{{/name}}` directly inside `{{< }}`: the override itself.
    case blockOverride(TemplateTag, body: [TemplateNode])
}

/// A tag's name and where it was written, for messages that point at the line.
struct TemplateTag: Sendable, Equatable {
    var name: String
    var file: String
    var line: Int

    var place: String { "\(file):\(line)" }

    /// The dotted parts of a name; `.` alone is the current value and has none.
    var path: [String] { name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
}
