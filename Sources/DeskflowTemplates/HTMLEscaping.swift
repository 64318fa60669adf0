import NIOCore

extension ByteBuffer {
    /// Writes `text` for HTML, replacing `& < > " '` with `&amp; &lt; &gt; &quot; &#39;`: the five swift-mustache
    /// escapes. It works on UTF-8 bytes, where those five are never part of a multi-byte character, and copies text
    /// with nothing to escape in one go.
    ///
    /// One difference from swift-mustache, on purpose: it compares whole characters, so a quote followed by a
    /// combining mark (`"\u{301}`) is one character there and goes out unescaped, which would end an attribute
    /// value. Here every quote byte is escaped.
    public mutating func writeHTMLEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<index]))
                writeStaticString(replacement)
                runStart = index + 1
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<bytes.count]))
        }
    }
}
