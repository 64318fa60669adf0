/// The address support requests go to (`deskflow serve --support-email`). It becomes an email's `To:` header, so it is
/// one plain `name@domain.tld` address: nothing a header could be split on, no display name, no second recipient.
public struct SupportAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static let maximumLength = 254

    /// `nil` when `text` is not one plain address.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= Self.maximumLength, parts.count == 2 else { return nil }
        let (local, domain) = (parts[0], parts[1])
        let forbidden: Set<Character> = ["<", ">", ",", ";", ":", "\"", "(", ")", "[", "]", "\\"]
        guard !local.isEmpty, !local.hasPrefix("."), !local.hasSuffix("."),
            text.allSatisfy({ (0x21..<0x7F).contains($0.asciiValue ?? 0) && !forbidden.contains($0) }),
            domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
            domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else { return nil }
        value = text
    }

    public var description: String { value }

    /// Why Contact support is off, and how to turn it on: the menu, the banner and a refused request all say this.
    public static let notConfigured = "Start Deskflow with --support-email ADDRESS to send requests to your support team."
}
