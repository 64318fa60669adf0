import Foundation

/// A customer email ready to hand to a transport: headers and a text and an HTML body.
public struct Email: Hashable, Sendable {
    public var messageID: String
    public var from: String
    public var to: String
    /// Where replies go when not to `from`: a support request is answered to the manager who sent it.
    public var replyTo: String? = nil
    public var subject: String
    public var date: Date
    public var orderNumber: Int?
    public var text: String
    public var html: String

    /// The message in RFC 5322 form: multipart/alternative, UTF-8 bodies in base64, encoded-word headers.
    public func rfc5322() -> String {
        let boundary = "deskflow-\(messageID.filter { $0.isLetter || $0.isNumber })"
        var headers = [
            "From: \(Self.headerValue(from))",
            "To: \(Self.headerValue(to))",
            "Subject: \(Self.headerValue(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        if let replyTo { headers.insert("Reply-To: \(Self.headerValue(replyTo))", at: 2) }
        if let orderNumber { headers.append("X-Deskflow-Order: \(orderNumber)") }
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        let parts = [("text/plain", text), ("text/html", html)].map { type, body in
            """
            --\(boundary)\r
            Content-Type: \(type); charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Self.base64Lines(body))\r

            """
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + parts.joined() + "--\(boundary)--\r\n"
    }

    /// ASCII header text as is; anything else as an RFC 2047 encoded word. Line breaks never reach a header.
    static func headerValue(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.allSatisfy({ $0.isASCII }) { return flat }
        // Keep an address in angle brackets readable; encode only the display name.
        if let open = flat.lastIndex(of: "<"), flat.hasSuffix(">") {
            let name = flat[..<open].trimmingCharacters(in: .whitespaces)
            return "=?UTF-8?B?\(Data(name.utf8).base64EncodedString())?= \(flat[open...])"
        }
        return "=?UTF-8?B?\(Data(flat.utf8).base64EncodedString())?="
    }

    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
