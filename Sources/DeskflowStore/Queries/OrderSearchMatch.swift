import DeskflowDomain
import GRDB

/// How the store finds the orders a search matches, each way bounded whatever the size of the store.
enum OrderSearchMatch: Equatable {
    /// That order, through the unique index on numbers.
    case number(Int)
    /// That customer's orders, through the index on emails.
    case emailAddress(String)
    /// Orders whose customer name or email holds the text, through the trigram index (`order_search`).
    case indexedText(matchExpression: String)
    /// Orders whose customer name or email holds text too short for the trigram index, among the newest
    /// `OrderSearch.shortTextWindow` orders, by `LIKE`.
    case shortText(likePattern: String)
    /// No order: the text holds a NUL, which no stored name or email can hold (and which would end the text
    /// SQLite is given, so that `Pat<NUL>el` would search for `Pat`).
    case nothing

    init(_ search: OrderSearch) {
        if search.text.unicodeScalars.contains("\u{0}") {
            self = .nothing
        } else if let number = search.orderNumber {
            self = .number(number)
        } else if let address = search.emailAddress {
            self = .emailAddress(address)
        } else if search.isShortText {
            self = .shortText(likePattern: "%" + Self.likeEscaped(search.text) + "%")
        } else {
            self = .indexedText(matchExpression: Self.phrase(search.text))
        }
    }

    /// The text as one FTS5 string: between double quotes, each double quote in it doubled. Inside a string FTS5
    /// reads no syntax — no `*`, `NEAR`, `AND`, `-`, `^`, `:` or parentheses — so whatever a manager types is
    /// matched as the characters it is; with the trigram tokenizer a string matches where its text occurs inside
    /// a name or an email, ignoring case.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Escapes LIKE's wildcards so `%` and `_` typed by a manager match themselves.
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

    /// Whether more orders match than a count shows, found out by counting no further than that.
    func matchesMoreThanCounted(_ db: Database) throws -> Bool {
        let limit = Self.countedMatches
        let sql: SQL
        switch self {
        case .indexedText(let expression):
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM order_search WHERE order_search MATCH \(expression) LIMIT \(limit))"
        case .nothing:
            return false
        case .number, .emailAddress, .shortText:
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE \(try condition(db, few: true)) LIMIT \(limit))"
        }
        return try Int.fetchOne(db, SQLRequest<Int>(literal: sql)) ?? 0 >= limit
    }

    /// The condition for a page of the list: text the trigram index finds many matches of is served by walking the
    /// list's index (see `condition(_:few:)`).
    func listCondition(_ db: Database) throws -> SQL {
        guard case .indexedText = self else { return try condition(db, few: true) }
        return try condition(db, few: !matchesMoreThanCounted(db))
    }

    /// The condition on `orders` that holds for the matching orders.
    ///
    /// For text, `few` says whether no more than a count's worth of orders match (`matchesMoreThanCounted`). Few
    /// matches are looked up by id and sorted, a bounded amount of work: the index lookup carries the limit, which
    /// changes nothing then. Many are found by walking the list's own index in list order, keeping the orders whose
    /// id the trigram index gives (`+id` keeps SQLite from looking them up by id and sorting them all), up to the
    /// page's LIMIT: in a store where one order in twenty matches, a page of 50 walks about a thousand.
    func condition(_ db: Database, few: Bool) throws -> SQL {
        switch self {
        case .nothing:
            return "0"
        case .number(let number):
            return "number = \(number)"
        case .emailAddress(let address):
            return "customer_email = \(address) COLLATE NOCASE"
        case .indexedText(let expression):
            return few
                ? "id IN (SELECT rowid FROM order_search WHERE order_search MATCH \(expression) LIMIT \(Self.countedMatches))"
                : "+id IN (SELECT rowid FROM order_search WHERE order_search MATCH \(expression))"
        case .shortText(let pattern):
            guard let (placedAt, id) = try Self.shortTextWindowStart(db) else { return "0" }
            return """
                id IN (SELECT id FROM orders WHERE (placed_at, id) >= (\(placedAt), \(id)) \
                AND (customer_name LIKE \(pattern) ESCAPE '\\' OR customer_email LIKE \(pattern) ESCAPE '\\'))
                """
        }
    }

    /// Where the newest `OrderSearch.shortTextWindow` orders begin (placement and id of the oldest of them): the
    /// whole store when it holds fewer; `nil` when it holds none.
    private static func shortTextWindowStart(_ db: Database) throws -> (DatabaseValue, Int64)? {
        var start = try Row.fetchOne(db, sql: """
            SELECT placed_at, id FROM orders ORDER BY placed_at DESC, id DESC LIMIT 1 OFFSET ?
            """, arguments: [OrderSearch.shortTextWindow - 1])
        if start == nil {
            start = try Row.fetchOne(db, sql: "SELECT placed_at, id FROM orders ORDER BY placed_at ASC, id ASC LIMIT 1")
        }
        return start.map { ($0["placed_at"], $0["id"]) }
    }
}
