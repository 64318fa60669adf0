import Mustache
import NIOCore
import Testing

@testable import DeskflowTemplates

@Suite("HTML escaping")
struct HTMLEscapingTests {
    static func escaped(_ text: String) -> String {
        var buffer = ByteBuffer()
        buffer.writeHTMLEscaped(text)
        return String(buffer: buffer)
    }

    static func swiftMustache(_ text: String) throws -> String {
        try MustacheTemplate(string: "{{value}}").render(["value": text])
    }

    @Test(
        "the five characters swift-mustache escapes, and nothing else",
        arguments: [
            ("", ""),
            ("plain text", "plain text"),
            ("Tom & Jerry", "Tom &amp; Jerry"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("\"quoted\" and 'single'", "&quot;quoted&quot; and &#39;single&#39;"),
            ("&amp; already", "&amp;amp; already"),
            ("&&&&", "&amp;&amp;&amp;&amp;"),
            ("<", "&lt;"),
            ("ends with >", "ends with &gt;"),
            ("café <b>crème</b>", "café &lt;b&gt;crème&lt;/b&gt;"),
            ("👍🏽 & 日本語", "👍🏽 &amp; 日本語"),
            ("a\u{0}b\tc\nd\u{7F}", "a\u{0}b\tc\nd\u{7F}"),
            ("=\"' onmouseover=x", "=&quot;&#39; onmouseover=x"),
            ("%3Cscript%3E", "%3Cscript%3E"),
        ])
    func table(text: String, expected: String) throws {
        #expect(Self.escaped(text) == expected)
        #expect(Self.escaped(text) == (try Self.swiftMustache(text)))
    }

    @Test("a quote followed by a combining mark is still escaped, where swift-mustache leaves the quote as it is")
    func combiningMark() throws {
        let text = "\"\u{301} onmouseover=alert(1) x=\"\u{301}"
        #expect(Self.escaped(text) == "&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}")
        #expect(try Self.swiftMustache(text) == text)
    }

    @Test("long text with nothing to escape comes out the same bytes")
    func longPlainText() {
        let text = String(repeating: "Deskflow order admin · ", count: 500)
        #expect(Self.escaped(text) == text)
    }
}
