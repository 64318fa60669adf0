/// Writes CSV as RFC 4180 describes it: CRLF after every record, and a field that holds a comma, a double quote, a
/// CR or an LF wrapped in double quotes with its quotes doubled.
///
/// A field a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR) gets a `'` in
/// front, so opening the file never runs anything. Plain numbers such as `-12.50` stay numbers.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// Starts with a header record.
    public init(header: [String]) {
        append(header)
    }

    /// Adds one record.
    public mutating func append(_ fields: [String]) {
        text += Self.record(fields)
    }

    /// One record, with its CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, neutralised and quoted as needed.
    public static func field(_ value: String) -> String {
        let safe = startsLikeFormula(value) ? "'" + value : value
        let needsQuotes = safe.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingAll("\"", with: "\"\"") + "\""
    }

    static func startsLikeFormula(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return false }
        return !isPlainNumber(value)
    }

    /// `-12`, `-12.50`: a sign, digits, and at most one decimal point with digits after it.
    static func isPlainNumber(_ value: String) -> Bool {
        var text = Substring(value)
        if text.first == "-" { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        return parts.count <= 2 && parts.allSatisfy(isDigits)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
