/// What a request's `Accept-Encoding` header allows (RFC 9110 §12.5.3). Deskflow only ever offers gzip, and always
/// serves identity to a client that refuses gzip (a 406 would help nobody), so the one question asked is `allowsGzip`.
struct AcceptEncoding: Equatable {
    /// Each coding the header names, lowercased, with its weight in thousandths (`q=0.001` is 1, not rounded to 0).
    /// The first mention of a coding counts; elements that break the grammar are left out.
    let weights: [String: Int]

    init(_ header: String?) {
        var weights: [String: Int] = [:]
        for element in (header ?? "").split(separator: ",") {
            guard let (coding, weight) = Self.parse(element) else { continue }
            if weights[coding] == nil { weights[coding] = weight }
        }
        self.weights = weights
    }

    /// gzip named with a weight above zero (`x-gzip` is its old alias), or not named while `*` is. No header at all
    /// means identity: the RFC would allow anything, but a client that sends none is usually a script or a probe.
    var allowsGzip: Bool {
        if let weight = weights["gzip"] ?? weights["x-gzip"] { return weight > 0 }
        return (weights["*"] ?? 0) > 0
    }

    /// `coding *( OWS ";" OWS name OWS "=" OWS value )`; only the `q` parameter means anything.
    private static func parse(_ element: Substring) -> (coding: String, weight: Int)? {
        var parts = element.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let first = parts.next() else { return nil }
        let coding = first.trimmingWhitespace.lowercased()
        guard !coding.isEmpty, coding.allSatisfy(Self.isTokenCharacter) else { return nil }
        var weight = 1000
        while let parameter = parts.next() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { return nil }
            guard pair[0].trimmingWhitespace.lowercased() == "q" else { continue }
            guard let q = qValue(pair[1].trimmingWhitespace) else { return nil }
            weight = q
        }
        return (coding, weight)
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
    static func qValue(_ text: Substring) -> Int? {
        let characters = Array(text)
        guard let whole = characters.first, whole == "0" || whole == "1" else { return nil }
        var thousandths = whole == "1" ? 1000 : 0
        guard characters.count > 1 else { return thousandths }
        guard characters[1] == ".", characters.count <= 5 else { return nil }
        var scale = 100
        for digit in characters.dropFirst(2) {
            guard let value = digit.wholeNumberValue, digit.isASCII else { return nil }
            thousandths += value * scale
            scale /= 10
        }
        return thousandths <= 1000 ? thousandths : nil
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return character.isLetter || character.isNumber || "!#$%&'*+-.^_`|~".utf8.contains(ascii)
    }
}

extension Substring {
    /// Without the spaces and tabs HTTP allows around list elements and parameters (OWS).
    fileprivate var trimmingWhitespace: Substring {
        let isOWS: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isOWS($0) }), let end = lastIndex(where: { !isOWS($0) }) else { return "" }
        return self[start...end]
    }
}
