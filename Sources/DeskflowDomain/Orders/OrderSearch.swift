/// What a manager typed into the orders search box, cleaned up for the store.
public struct OrderSearch: Hashable, Sendable {
    public static let maximumLength = 100

    /// The text to match against customer name and email, trimmed and cut to a sane length.
    public let text: String

    /// An order number, when the text is one (`1001` or `#1001`).
    public var orderNumber: Int? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(digits)
    }

    /// A whole email address (`jane@example.com`), lowercased: that customer's orders, found through an index
    /// however large the store. Anything short of a whole address is matched as text inside names and emails.
    public var emailAddress: String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        let domainLabels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domainLabels.count >= 2, domainLabels.allSatisfy({ !$0.isEmpty }) else { return nil }
        return text.lowercased()
    }

    /// `nil` when there is nothing to search for.
    public init?(_ raw: String?) {
        let trimmed = (raw ?? "").trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        text = String(trimmed.prefix(Self.maximumLength))
    }
}
