/// Reads Mustache text into `TemplateNode`s with swift-mustache's rules for whitespace: a section, inverted
/// section, closing, comment, partial or block tag alone on its line (a "standalone" tag) takes the line with it, and
/// a standalone partial carries the line's indentation. The differential tests hold the two parsers to the same output.
struct TemplateParser {
    /// What the parser knows about where it is: inside which section, at the start of a line, inside a `{{< }}`.
    struct State {
        var sectionName: String?
        var sectionTag: TemplateTag?
        var atLineStart = true
        /// Inside `{{< parent}}…{{/parent}}`, where only `{{$block}}` overrides and whitespace may appear.
        var inParent = false
        /// Directly at the parent's top level, where `{{$name}}` defines an override rather than showing a block.
        var atParentTop = false
        /// The indentation of the first line inside an override, taken off the lines after it.
        var overrideIndent: String?

        func entering(_ tag: TemplateTag, atLineStart: Bool) -> State {
            var state = self
            state.sectionName = tag.name
            state.sectionTag = tag
            state.atParentTop = false
            if !atLineStart { state.atLineStart = false }
            return state
        }

        func enteringParent(_ tag: TemplateTag) -> State {
            var state = self
            state.sectionName = tag.name
            state.sectionTag = tag
            state.atLineStart = true
            state.inParent = true
            state.atParentTop = true
            return state
        }
    }

    let file: String
    private let characters: [Character]
    private var position = 0

    init(file: String, text: String) {
        self.file = file
        self.characters = Array(text)
    }

    /// The whole template.
    static func parse(file: String, text: String) throws -> [TemplateNode] {
        var parser = TemplateParser(file: file, text: text)
        return try parser.parseNodes(State())
    }

    // MARK: - Nodes

    private mutating func parseNodes(_ initial: State) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore = ""
        while !atEnd {
            if state.atLineStart {
                let whitespace = read { $0 == " " || $0 == "\t" }
                if state.inParent, !state.atParentTop {
                    if let indent = state.overrideIndent {
                        whitespaceBefore = String(whitespace.dropFirst(indent.count))
                    } else {
                        state.overrideIndent = whitespace
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = readTextUntilTagOrNewline()
            if current.isNewline {
                nodes.append(.text(whitespaceBefore + text + String(current)))
                state.atLineStart = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = ""
                state.atLineStart = false
            }
            if atEnd { break }

            let tagLine = line(at: position)
            var standalone = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let tag = try readName(line: tagLine)
                if isStandalone(state) {
                    standalone = true
                } else if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = ""
                }
                let body = try parseNodes(state.entering(tag, atLineStart: standalone))
                nodes.append(.section(tag, inverted: inverted, body: body))

            case "/":
                position += 1
                let tag = try readName(line: tagLine)
                guard tag.name == state.sectionName else {
                    if let open = state.sectionTag {
                        throw TemplateError(tag, "{{/\(tag.name)}} closes {{\(open.name)}} opened on line \(open.line)")
                    }
                    throw TemplateError(tag, "{{/\(tag.name)}} closes a section that was never opened")
                }
                if !isStandalone(state), !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                }
                return nodes

            case "!":
                position += 1
                guard skip(past: "}}") else {
                    throw TemplateError(file: file, line: tagLine, problem: "a comment is never closed with }}")
                }
                standalone = isStandalone(state)

            case "{", "&":
                throw TemplateError(
                    file: file, line: tagLine,
                    problem: "unescaped output ({{{ }}} or {{& }}) is not allowed in pages; every value is escaped")

            case "=", "%":
                throw TemplateError(
                    file: file, line: tagLine, problem: "delimiter changes and pragmas are not supported")

            case ">":
                position += 1
                _ = read { $0.isWhitespace }
                if current == "*" {
                    throw TemplateError(file: file, line: tagLine, problem: "dynamic partials ({{>*name}}) are not supported")
                }
                let tag = try readPartialName(line: tagLine)
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(state) {
                    standalone = true
                    nodes.append(.partial(tag, indentation: whitespaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(tag, indentation: nil, overrides: nil))
                }
                whitespaceBefore = ""

            case "<":
                position += 1
                _ = read { $0.isWhitespace }
                let tag = try readPartialName(line: tagLine)
                if tag.name.hasPrefix("*") {
                    throw TemplateError(tag, "dynamic parents ({{<*name}}) are not supported")
                }
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                standalone = isStandalone(state)
                let body = try parseNodes(state.enteringParent(tag))
                var overrides: [String: [TemplateNode]] = [:]
                for node in body {
                    switch node {
                    case .blockOverride(let block, let blockBody): overrides[block.name] = blockBody
                    case .text: break
                    default: throw TemplateError(tag, "only {{$block}} overrides may appear inside {{<\(tag.name)}}")
                    }
                }
                nodes.append(.partial(tag, indentation: whitespaceBefore, overrides: overrides))
                whitespaceBefore = ""

            case "$":
                position += 1
                let tag = try readName(line: tagLine)
                if state.atParentTop {
                    standalone = isStandalone(state)
                    let body = try parseNodes(state.entering(tag, atLineStart: standalone))
                    nodes.append(.blockOverride(tag, body: body))
                } else {
                    if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    standalone = isStandalone(state)
                    let body = try parseNodes(state.entering(tag, atLineStart: standalone))
                    nodes.append(.block(tag, indentation: whitespaceBefore, fallback: body))
                    whitespaceBefore = ""
                }

            default:
                if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = ""
                }
                nodes.append(.variable(try readName(line: tagLine)))
            }
            state.atLineStart = standalone
        }
        if let open = state.sectionTag {
            throw TemplateError(open, "{{\(open.name)}} is never closed with {{/\(open.name)}}")
        }
        return nodes
    }

    // MARK: - Tags

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()")
    private static let partialNameCharacters = nameCharacters.union(["/"])

    private mutating func readName(line: Int) throws -> TemplateTag {
        _ = read { $0.isWhitespace }
        let name = read { Self.nameCharacters.contains($0) }
        _ = read { $0.isWhitespace }
        guard readDelimiter("}}") else {
            throw TemplateError(file: file, line: line, problem: "a tag is not closed with }} (or its name has a character names cannot have)")
        }
        let tag = TemplateTag(name: name, file: file, line: line)
        if name.contains("(") || name.contains(")") {
            throw TemplateError(tag, "transforms like {{\(name)}} are not supported")
        }
        if name.isEmpty { throw TemplateError(tag, "a tag has no name") }
        if name != ".", name.hasPrefix(".") {
            throw TemplateError(tag, "names that start with a dot ({{\(name)}}) are not supported")
        }
        if tag.path.contains(where: \.isEmpty) { throw TemplateError(tag, "{{\(name)}} has an empty part") }
        return tag
    }

    private mutating func readPartialName(line: Int) throws -> TemplateTag {
        _ = read { $0.isWhitespace }
        let name = read { Self.partialNameCharacters.contains($0) }
        _ = read { $0.isWhitespace }
        guard readDelimiter("}}") else {
            throw TemplateError(file: file, line: line, problem: "a partial tag is not closed with }}")
        }
        guard !name.isEmpty else { throw TemplateError(file: file, line: line, problem: "a partial tag has no name") }
        return TemplateTag(name: name, file: file, line: line)
    }

    /// A tag is standalone when it began a line (after indentation) and only spaces or tabs follow it before the
    /// newline, which is then consumed with the tag.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.atLineStart else { return false }
        if atEnd { return true }
        var probe = position
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    // MARK: - Characters

    private var atEnd: Bool { position >= characters.count }

    /// The character at the position, or NUL past the end, so tests against it need no bounds check.
    private var current: Character { atEnd ? "\0" : characters[position] }

    private mutating func read(while matches: (Character) -> Bool) -> String {
        let start = position
        while !atEnd, matches(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// Text up to a newline or an opening `{{`, which is consumed.
    private mutating func readTextUntilTagOrNewline() -> String {
        var text = ""
        while !atEnd {
            text += read { $0 != "\n" && $0 != "\r\n" && $0 != "{" }
            if current.isNewline { break }
            if current == "{" {
                if readDelimiter("{{") { break }
                text.append("{")
                position += 1
            }
        }
        return text
    }

    private mutating func readDelimiter(_ delimiter: String) -> Bool {
        let wanted = Array(delimiter)
        guard position + wanted.count <= characters.count, Array(characters[position..<position + wanted.count]) == wanted
        else { return false }
        position += wanted.count
        return true
    }

    /// Moves past the next `delimiter`; false when there is none.
    private mutating func skip(past delimiter: String) -> Bool {
        let wanted = Array(delimiter)
        var probe = position
        while probe + wanted.count <= characters.count {
            if Array(characters[probe..<probe + wanted.count]) == wanted {
                position = probe + wanted.count
                return true
            }
            probe += 1
        }
        return false
    }

    private func line(at index: Int) -> Int {
        1 + characters[..<min(index, characters.count)].reduce(0) { $1.isNewline ? $0 + 1 : $0 }
    }
}
