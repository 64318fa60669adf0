import DeskflowDomain
import DeskflowStore

/// How the PostgreSQL store finds the orders a search matches: SQLite's `OrderSearchMatch`, each way bounded whatever
/// the size of the store. PostgreSQL's planner chooses between the trigram indexes and walking the list's index, so
/// there is no counting of matches beforehand to choose for it.
enum OrderSearchMatch: Equatable {
    /// That order, through the unique index on numbers.
    case number(Int)
    /// That customer's orders, through the index on `lower(customer_email)`.
    case emailAddress(String)
    /// Orders whose customer name or email holds the text, ignoring case, through the `pg_trgm` indexes.
    case indexedText(likePattern: String)
    /// Orders whose customer name or email holds text too short for a trigram, among the newest
    /// `OrderSearch.shortTextWindow` orders.
    case shortText(likePattern: String)
    /// No order: the text holds a NUL, which no stored name or email can hold (and PostgreSQL's text cannot).
    case nothing

    init(_ search: OrderSearch) {
        if search.text.unicodeScalars.contains("\u{0}") {
            self = .nothing
        } else if let number = search.orderNumber {
            self = .number(number)
        } else if let address = search.emailAddress {
            self = .emailAddress(address)
        } else if search.isShortText {
            self = .shortText(likePattern: Self.likePattern(search.text))
        } else {
            self = .indexedText(likePattern: Self.likePattern(search.text))
        }
    }

    /// An `ILIKE` pattern for the text anywhere in a value.
    static func likePattern(_ text: String) -> String { "%" + likeEscaped(text) + "%" }

    /// Escapes `LIKE`'s wildcards (and its escape, the backslash) so `%` and `_` typed by a manager match themselves.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The most matches counted in a tab: one more than a count shows, so that a tab holding more is known to.
    static var countedMatches: Int { OrderSearch.countLimit + 1 }

    /// The condition on `orders` that holds for the matching orders, its values bound into `query`.
    func condition(_ query: inout QueryText) -> String {
        switch self {
        case .nothing:
            return "false"
        case .number(let number):
            return "number = \(query.bind(number))"
        case .emailAddress(let address):
            return "lower(customer_email) = lower(\(query.bind(address)))"
        case .indexedText(let pattern):
            return Self.likeCondition(query.bind(pattern))
        case .shortText(let pattern):
            let placeholder = query.bind(pattern)
            let window = query.bind(OrderSearch.shortTextWindow)
            return """
                id IN (SELECT id FROM (SELECT id, customer_name, customer_email FROM orders \
                ORDER BY placed_at DESC, id DESC LIMIT \(window)) AS newest WHERE \(Self.likeCondition(placeholder)))
                """
        }
    }

    private static func likeCondition(_ placeholder: String) -> String {
        "(customer_name ILIKE \(placeholder) OR customer_email ILIKE \(placeholder))"
    }
}
