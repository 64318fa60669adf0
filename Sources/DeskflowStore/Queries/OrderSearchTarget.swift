import DeskflowDomain

/// What a search looks for, decided once for every engine: each engine turns it into its own bounded query.
package enum OrderSearchTarget: Equatable, Sendable {
    /// No order: the text holds a NUL, which no stored name or email can hold (SQLite would end the text there,
    /// PostgreSQL's text cannot hold it).
    case nothing
    /// That order, by number.
    case number(Int)
    /// That customer's orders, by the whole email address.
    case emailAddress(String)
    /// Orders whose customer name or email holds the text, ignoring case.
    case text(String)
    /// The same, for text too short for a trigram index: among the newest `OrderSearch.shortTextWindow` orders.
    case shortText(String)

    package init(_ search: OrderSearch) {
        if search.text.unicodeScalars.contains("\u{0}") {
            self = .nothing
        } else if let number = search.orderNumber {
            self = .number(number)
        } else if let address = search.emailAddress {
            self = .emailAddress(address)
        } else if search.isShortText {
            self = .shortText(search.text)
        } else {
            self = .text(search.text)
        }
    }

    /// A `LIKE` pattern for `text` anywhere in a value, with `ESCAPE '\'`: `%`, `_` and the backslash a manager types
    /// match themselves.
    package static func likePattern(_ text: String) -> String {
        var escaped = "%"
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }

    /// The most matches counted in a tab: one more than a count shows, so that a tab holding more is known to.
    package static var countedMatches: Int { OrderSearch.countLimit + 1 }
}
