import Foundation

/// One piece of an HTML document, in source order.
enum HTMLToken: Equatable {
    case startTag(name: String, attributes: [String: String], selfClosing: Bool, line: Int)
    case endTag(name: String)
    case text(String)
    /// A comment, doctype or processing instruction: nothing the page shows.
    case comment(String)
}

/// A small HTML tokenizer for the pages Deskflow renders: tags with quoted, unquoted and boolean
/// attributes, self-closing tags, comments, doctypes, raw text in `script`/`style`/`textarea`/`title`
/// and the common character references. It does not implement the HTML5 parsing algorithm's error
/// recovery or implied end tags; the templates close what they open.
struct HTMLScanner {
    private let characters: [Character]
    private var position = 0
    private var line = 1

    /// Elements whose content is text up to their end tag, never markup.
    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title"]

    static func tokens(in html: String) -> [HTMLToken] {
        var scanner = HTMLScanner(characters: Array(html))
        return scanner.scanAll()
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func scanAll() -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        var text = ""
        func flushText() {
            if !text.isEmpty { tokens.append(.text(Self.decodingCharacterReferences(text))) }
            text = ""
        }
        while let character = peek() {
            guard character == "<", let markup = scanMarkup() else {
                text.append(advance())
                continue
            }
            flushText()
            tokens.append(markup)
            if case .startTag(let name, _, false, _) = markup, Self.rawTextElements.contains(name) {
                let raw = scanRawText(until: name)
                if !raw.isEmpty { tokens.append(.text(Self.decodingCharacterReferences(raw))) }
            }
        }
        flushText()
        return tokens
    }

    /// Reads the markup starting at `<`, or returns nil, consuming nothing, when the `<` is plain text.
    private mutating func scanMarkup() -> HTMLToken? {
        if starts(with: "<!--") {
            position += 4
            return .comment(scan(upTo: "-->"))
        }
        if starts(with: "<!") || starts(with: "<?") {
            position += 2
            return .comment(scan(upTo: ">"))
        }
        if starts(with: "</"), peek(offset: 2)?.isLetter == true {
            position += 2
            let name = scanName()
            skip(past: ">")
            return .endTag(name: name)
        }
        if peek(offset: 1)?.isLetter == true {
            return scanStartTag()
        }
        return nil
    }

    private mutating func scanStartTag() -> HTMLToken {
        let startLine = line
        position += 1
        let name = scanName()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while let character = peek() {
            if character == ">" {
                position += 1
                break
            }
            if character.isWhitespace {
                _ = advance()
                continue
            }
            if character == "/" {
                position += 1
                selfClosing = peek() == ">"
                continue
            }
            let attributeName = scanAttributeName()
            skipWhitespace()
            var value = ""
            if peek() == "=" {
                position += 1
                skipWhitespace()
                value = Self.decodingCharacterReferences(scanAttributeValue())
            }
            // As in browsers, the first of two same-named attributes wins.
            if attributes[attributeName] == nil { attributes[attributeName] = value }
        }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing, line: startLine)
    }

    private mutating func scanName() -> String {
        var name = ""
        while let character = peek(), !character.isWhitespace, character != "/", character != ">" {
            name.append(advance())
        }
        return name.lowercased()
    }

    private mutating func scanAttributeName() -> String {
        var name = String(advance())  // a leading `=` belongs to the name
        while let character = peek(), !character.isWhitespace, !"/>=".contains(character) {
            name.append(advance())
        }
        return name.lowercased()
    }

    private mutating func scanAttributeValue() -> String {
        var value = ""
        if let quote = peek(), quote == "\"" || quote == "'" {
            position += 1
            while let character = peek(), character != quote { value.append(advance()) }
            position += 1
            return value
        }
        while let character = peek(), !character.isWhitespace, character != ">" { value.append(advance()) }
        return value
    }

    private mutating func scanRawText(until name: String) -> String {
        var text = ""
        while peek() != nil, !(starts(with: "</") && startsCaseInsensitive(with: "</" + name)) {
            text.append(advance())
        }
        return text
    }

    // MARK: Reading characters

    private func peek(offset: Int = 0) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private mutating func advance() -> Character {
        let character = characters[position]
        position += 1
        if character.isNewline { line += 1 }
        return character
    }

    private func starts(with prefix: String) -> Bool {
        prefix.enumerated().allSatisfy { peek(offset: $0.offset) == $0.element }
    }

    private func startsCaseInsensitive(with prefix: String) -> Bool {
        prefix.enumerated().allSatisfy { peek(offset: $0.offset)?.lowercased() == String($0.element) }
    }

    private mutating func skip(past terminator: String) {
        _ = scan(upTo: terminator)
    }

    /// The characters before `terminator`, leaving the position after it.
    private mutating func scan(upTo terminator: String) -> String {
        var scanned = ""
        while peek() != nil, !starts(with: terminator) { scanned.append(advance()) }
        position = min(position + terminator.count, characters.count)
        return scanned
    }

    private mutating func skipWhitespace() {
        while peek()?.isWhitespace == true { _ = advance() }
    }

    // MARK: Character references

    private static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    static func decodingCharacterReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacing(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/) { match in
            let reference = String(match.1)
            if let named = namedReferences[reference] { return named }
            let number = reference.hasPrefix("#x") || reference.hasPrefix("#X")
                ? UInt32(reference.dropFirst(2), radix: 16)
                : UInt32(reference.dropFirst(), radix: 10)
            return number.flatMap { Unicode.Scalar($0) }.map { String(Character($0)) } ?? String(match.0)
        }
    }
}

/// An element of a scanned document, with what the accessibility rules ask about it.
struct HTMLElement {
    let index: Int
    let name: String
    let attributes: [String: String]
    /// Where its start tag begins, for messages.
    let line: Int
    /// Indexes of the elements it sits inside, outermost first.
    let ancestorIndexes: [Int]
    /// All text inside it, its descendants' included.
    fileprivate(set) var text: String = ""

    subscript(attribute: String) -> String? { attributes[attribute] }

    var id: String? { attributes["id"] }
    var classes: [String] { tokens(of: "class") }

    /// The space-separated values of an attribute such as `class`, `role` or `aria-describedby`.
    func tokens(of attribute: String) -> [String] {
        attributes[attribute]?.split(whereSeparator: \.isWhitespace).map(String.init) ?? []
    }

    /// The start tag shortened to what identifies it in a message, such as `<input id="q">`.
    var summary: String {
        let identifying = ["id", "name", "type", "class", "role"].compactMap { key in
            attributes[key].map { "\(key)=\"\($0)\"" }
        }
        return "<" + ([name] + identifying.prefix(2)).joined(separator: " ") + ">"
    }
}

/// The element tree of a page, flattened in document order.
struct HTMLDocument {
    private(set) var elements: [HTMLElement] = []

    /// Elements that never have content, so never wait for an end tag.
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    init(parsing html: String) {
        var open: [Int] = []
        for token in HTMLScanner.tokens(in: html) {
            switch token {
            case .startTag(let name, let attributes, let selfClosing, let line):
                let element = HTMLElement(
                    index: elements.count, name: name, attributes: attributes, line: line, ancestorIndexes: open)
                elements.append(element)
                if !selfClosing && !Self.voidElements.contains(name) { open.append(element.index) }
            case .endTag(let name):
                // A stray end tag is ignored; one that skips open elements closes them too.
                if let match = open.lastIndex(where: { elements[$0].name == name }) {
                    open.removeSubrange(match...)
                }
            case .text(let text):
                for index in open { elements[index].text += text }
            case .comment:
                break
            }
        }
    }

    func elements(named name: String) -> [HTMLElement] {
        elements.filter { $0.name == name }
    }

    func ancestors(of element: HTMLElement) -> [HTMLElement] {
        element.ancestorIndexes.map { elements[$0] }
    }

    func descendants(of element: HTMLElement) -> [HTMLElement] {
        elements[(element.index + 1)...].prefix { $0.ancestorIndexes.contains(element.index) }.map { $0 }
    }

    var ids: Set<String> { Set(elements.compactMap(\.id)) }
}
