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

    /// `nil` when there is nothing to search for.
    public init?(_ raw: String?) {
        let trimmed = (raw ?? "").trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        text = String(trimmed.prefix(Self.maximumLength))
    }
}
