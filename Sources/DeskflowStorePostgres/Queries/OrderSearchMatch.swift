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
    /// Orders whose customer name or email holds the text, ignoring case, through the `pg_trgm` indexes on their
    /// lower-cased copies.
    case indexedText(likePattern: String)
    /// Orders whose customer name or email holds text too short for a trigram, among the newest
    /// `OrderSearch.shortTextWindow` orders.
    case shortText(likePattern: String)
    /// No order: the text holds a NUL, which no stored name or email can hold (and PostgreSQL's text cannot).
    case nothing

    init(_ search: OrderSearch) {
        switch OrderSearchTarget(search) {
        case .nothing: self = .nothing
        case .number(let number): self = .number(number)
        case .emailAddress(let address): self = .emailAddress(address)
        case .text(let text): self = .indexedText(likePattern: OrderSearchTarget.likePattern(text))
        case .shortText(let text): self = .shortText(likePattern: OrderSearchTarget.likePattern(text))
        }
    }

    static var countedMatches: Int { OrderSearchTarget.countedMatches }

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
                id IN (SELECT id FROM (SELECT id, search_name, search_email FROM orders \
                ORDER BY placed_at DESC, id DESC LIMIT \(window)) AS newest WHERE \(Self.likeCondition(placeholder)))
                """
        }
    }

    /// Matched against the name and email as `v19-order-search-lowercased` stores them, lower-cased once when the order
    /// was written: `ILIKE` would fold the case of each order it tests.
    private static func likeCondition(_ placeholder: String) -> String {
        "(search_name LIKE lower(\(placeholder)) OR search_email LIKE lower(\(placeholder)))"
    }
}
