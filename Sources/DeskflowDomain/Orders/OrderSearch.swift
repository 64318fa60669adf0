/// What a manager typed into the orders search box, cleaned up for the store.
public struct OrderSearch: Hashable, Sendable {
    public static let maximumLength = 100

    /// Counts of a search's matches stop after this many in each tab: a tab holding more shows "1,000+", so no
    /// search page counts a million orders.
    public static let countLimit = 1_000

    /// Text is found inside names and emails through an index of their three-character pieces (trigrams), so
    /// shorter text has no piece to look up.
    public static let indexedTextLength = 3

    /// Text shorter than `indexedTextLength` is looked for among this many of the newest orders only: matching it
    /// reads each order it looks at, so it looks at a bounded number, whatever the size of the store.
    public static let shortTextWindow = 1_000

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

    /// Text matched inside names and emails that is too short for the index (one or two characters): it is looked
    /// for among the newest `shortTextWindow` orders only. Characters are counted as the index counts them, by
    /// Unicode code point.
    public var isShortText: Bool {
        orderNumber == nil && emailAddress == nil && text.unicodeScalars.count < Self.indexedTextLength
    }

    /// `nil` when there is nothing to search for.
    public init?(_ raw: String?) {
        let trimmed = (raw ?? "").trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        text = String(trimmed.prefix(Self.maximumLength))
    }
}
