/// What the fuzzer types into fields: text no form expects, numbers at and past every limit, and bytes that are not
/// valid percent-encoding or not UTF-8 at all.
enum HostileValues {
    /// Text, percent-encoded properly on the wire.
    static let texts: [String] = [
        // empty, blank and control characters
        "", " ", "   ", "\t", "\n", "\r\n", " \t\n ", "\u{0}", "a\u{0}b", "\u{0}\u{0}\u{0}", "\u{1}\u{2}\u{7}\u{8}",
        "\u{1B}[31mred\u{1B}[0m", "\u{7F}", "\u{85}", "\u{2028}\u{2029}", "\u{FEFF}x", "\u{200B}", "\u{FFFD}",
        "\u{FFFF}",
        "\u{10FFFF}", "line one\nline two", "tab\tinside",
        // bidi, emoji, combining marks, other scripts and look-alikes
        "\u{202E}txt.exe", "\u{202D}\u{202E}\u{2066}abc\u{2069}", "\u{200F}\u{200E}", "שלום", "مرحبا بالعالم", "中文字符",
        "👨‍👩‍👧‍👦", "🏳️‍🌈", "😀😃😄", "e\u{301}\u{301}\u{301}", "Z" + String(repeating: "\u{336}\u{34F}\u{489}", count: 60),
        "\u{1F1FA}\u{1F1F8}", "ﬃ", "İstanbul", "straße", "\u{212B}", "Ａｎａ", "ℌ𝔢𝔩𝔩𝔬",
        // markup, template and script
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'\"><svg/onload=alert(1)>",
        "</textarea><script>alert(1)</script>", "javascript:alert(1)", "&lt;b&gt;", "&#0;", "&amp;amp;",
        "{{csrf_token}}",
        "{{{chrome.csrfToken}}}", "{{> layout}}", "{{#a}}{{/b}}", "${7*7}", "<!--", "]]>", "<![CDATA[x]]>",
        // SQL
        "' OR 1=1 --", "\"; DROP TABLE orders; --", "'; DELETE FROM orders WHERE '1'='1", "%", "_", "\\", "%_%",
        "1' UNION SELECT password_hash FROM staff_users --", "\\'", "''", "?", "?1", ":name", "@x", "$1",
        // paths, headers and format strings
        "../../../../etc/passwd", "/\\evil.example", "//evil.example", "https://evil.example", "\r\nSet-Cookie: evil=1",
        "a\rb", "Location: /x", "%s%s%n%x", "%@", "{0}", "null", "undefined", "true", "[]", "{}", "=SUM(A1)",
        "+cmd|' /C calc'!A0",
    ]

    /// Numbers at and beyond every limit, in every notation a parser might half-accept.
    static let numbers: [String] = [
        "0", "-0", "+0", "+1", "-1", "1", "01", "007", "12.345", "1.5", "0.001", ".5", "5.", "1,000", "1,00",
        "1,000.00",
        "1 000", " 12 ", "1_000", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "99999999999999999999999999999999", "2147483647", "2147483648",
        "4294967296", "1e309", "1e3", "1E-5", "-1e309", "0x10", "0b101", "0o7", "NaN", "Infinity", "-Infinity", "١٢٣",
        "۱۲۳", "１２３", "𝟙𝟚𝟛", "١٠.٥٠", "12٫50", "1.0.0", "--1", "+-1", "\u{2212}5", "999999999", "1000000000",
        "1000001", "9999999", "10000000", "-999999", "+1000000", "0.00", "0.01", "99999.99", "1,234,567.89",
    ]

    /// Sent exactly as written: percent-encodings that are broken or decode to bytes that are not UTF-8.
    static let rawEncodings: [String] = [
        "%FF%FE", "%", "%%", "%zz", "%0", "%G0", "%2", "%FF", "%C0%AF", "%C0%80", "%E0%80%AF", "%ED%A0%80", "%ED%BF%BF",
        "%F4%90%80%80", "%F8%88%80%80%80", "%FE%FF", "%EF%BB%BF", "%00", "a%00b", "%0D%0A", "%E2%80%AE", "+", "++",
        "%2B", "%26", "%3D", "a=b", "a&b", "%u0041", "%25", "%2525", "&&&", "=", "%%%%", "%%41", "x%", "%x",
        "%e2%82%ac",
    ]

    /// Sent exactly as written: bytes that are not UTF-8, unencoded.
    static let rawBytes: [[UInt8]] = [
        [0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0x00], [0xF0, 0x9F, 0x98], [0x0D, 0x0A],
    ]

    /// Lengths either side of every maximum a form has (100, 150, 200, 500, 1,000, 5,000, 20,000).
    static let boundaryLengths = [
        7, 8, 9, 12, 13, 40, 41, 60, 61, 99, 100, 101, 149, 150, 151, 199, 200, 201, 254, 255, 499, 500, 501, 999,
        1_000, 1_001,
        1_024, 1_025, 4_999, 5_000, 5_001, 19_999, 20_000, 20_001,
    ]

    /// About 100 KB on the wire, well under the body limit; encoded once.
    static let huge: [FuzzValue] =
        [
            String(repeating: "A", count: 100_000), String(repeating: "é", count: 15_000),
            String(repeating: "😀", count: 8_000),
            String(repeating: "<>&\"'", count: 6_000), String(repeating: "\u{0}", count: 30_000),
            String(repeating: "a\u{301}", count: 15_000),
            String(repeating: "1", count: 50_000), String(repeating: "9", count: 100_000),
        ].map { .raw(FormEncoding.encode($0)) } + [
            .raw(Array(String(repeating: "%", count: 60_000).utf8)),
            .raw(Array(String(repeating: "%FF", count: 30_000).utf8)),
            .raw(Array(repeating: 0xFF, count: 60_000)),
        ]

    /// Every boundary length in a few kinds of character, encoded once; none over 120 KB on the wire.
    static let boundaryValues: [(length: Int, value: FuzzValue)] = boundaryLengths.flatMap { length in
        (length > 5_001 ? ["x", "é", "1"] : ["x", "é", "😀", "<", "1"]).map { character in
            (length, FuzzValue.raw(FormEncoding.encode(String(repeating: character, count: length))))
        }
    }

    /// Pairs with no proper name, or names a framework might treat specially.
    static let junkPairs: [String] = [
        "", "=", "&", "==", "=x", "x", "a=b=c", "%=%", "__proto__=1", "constructor=x", "csrf_token[]=x", "version[]=1",
        "idempotency_key[0]=x", "%00=%00", "+=+", "a[b][c]=d", "a[=1", "a]=1", ";=;", "%26=%3D", "x=%FF%FE", "%FF=1",
    ]
}

/// A value as it goes on the wire: text to percent-encode, or raw bytes sent as they are.
enum FuzzValue: Sendable {
    case text(String)
    case raw([UInt8])

    var bytes: [UInt8] {
        switch self {
        case .text(let text): FormEncoding.encode(text)
        case .raw(let bytes): bytes
        }
    }
}

/// `application/x-www-form-urlencoded` as browsers write it: unreserved characters as they are, spaces as `+`,
/// every other byte of the UTF-8 as `%XX`.
enum FormEncoding {
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return out
    }

    /// Every byte as `%XX`, letters included: the same name to a correct decoder.
    static func encodeEverything(_ text: String) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        return text.utf8.flatMap { [UInt8(ascii: "%"), hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }
    }

    /// The body for a failure report: printable ASCII as it is, everything else escaped, long runs shortened.
    static func describe(_ bytes: [UInt8], limit: Int = 600) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            if (0x20..<0x7F).contains(byte) {
                text.append(Character(Unicode.Scalar(byte)))
            } else {
                text += "\\x" + String(byte, radix: 16)
            }
        }
        if bytes.count > limit { text += "… (\(bytes.count) bytes in all)" }
        return text
    }
}
