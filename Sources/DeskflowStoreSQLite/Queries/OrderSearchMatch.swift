import DeskflowDomain
import DeskflowStore
import GRDB

/// How the store finds the orders a search matches, each way bounded whatever the size of the store.
enum OrderSearchMatch: Equatable {
    /// That order, through the unique index on numbers.
    case number(Int)
    /// That customer's orders, through the index on emails.
    case emailAddress(String)
    /// Orders whose customer name or email holds the text, through the trigram index (`order_search`), or, when
    /// it matches very many, by `LIKE` while walking the list's index (see `Spread`).
    case indexedText(matchExpression: String, likePattern: String)
    /// Orders whose customer name or email holds text too short for the trigram index, among the newest
    /// `OrderSearch.shortTextWindow` orders, by `LIKE`.
    case shortText(likePattern: String)
    /// No order: the text holds a NUL, which no stored name or email can hold (and which would end the text
    /// SQLite is given, so that `Pat<NUL>el` would search for `Pat`).
    case nothing

    init(_ search: OrderSearch) {
        switch OrderSearchTarget(search) {
        case .nothing: self = .nothing
        case .number(let number): self = .number(number)
        case .emailAddress(let address): self = .emailAddress(address)
        case .text(let text):
            self = .indexedText(matchExpression: Self.phrase(text), likePattern: OrderSearchTarget.likePattern(text))
        case .shortText(let text): self = .shortText(likePattern: OrderSearchTarget.likePattern(text))
        }
    }

    /// The text as one FTS5 string: between double quotes, each double quote in it doubled. Inside a string FTS5
    /// reads no syntax — no `*`, `NEAR`, `AND`, `-`, `^`, `:` or parentheses — so whatever a manager types is
    /// matched as the characters it is; with the trigram tokenizer a string matches where its text occurs inside
    /// a name or an email, ignoring case.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static var countedMatches: Int { OrderSearchTarget.countedMatches }

    /// How many orders text found through the trigram index matches, which decides how their pages and counts
    /// are read. Each way costs in proportion to the matches it reads, bounded whatever the size of the store:
    /// - `few`, no more than a count shows: looked up by id and sorted (at most `countedMatches`);
    /// - `some`: the index's matches are read once, and each tab's index is walked in list order keeping the
    ///   orders among them, up to the page's LIMIT or the count's limit;
    /// - `many`, more than `walkingThreshold`: each tab's index is walked in list order matching by `LIKE`. With
    ///   so many matches a page of 50, or a count of 1,001, comes after walking `1,001 × orders / matches` at
    ///   most, fewer than the index would read: the threshold, √(1,001 × orders), is where the two costs meet.
    enum Spread {
        case few, some, many
    }

    /// Where reading the index's matches costs more than walking past the orders that do not match.
    static func walkingThreshold(_ db: Database) throws -> Int {
        let orders = try Int.fetchOne(db, sql: "SELECT SUM(count) FROM order_counts WHERE bucket LIKE 'status:%'") ?? 0
        return max(countedMatches, Int(Double(countedMatches * orders).squareRoot()))
    }

    /// How many orders match, counting no further than it takes to tell. Only text found through the trigram index is
    /// read differently by how many orders it matches; for the others telling would cost as much as the page, and
    /// their one way of reading serves any number.
    func spread(_ db: Database) throws -> Spread {
        guard case .indexedText(let expression, _) = self else { return .few }
        let threshold = try Self.walkingThreshold(db)
        let matches = try Int.fetchOne(db, SQLRequest<Int>(literal: """
            SELECT COUNT(*) FROM (SELECT 1 FROM order_search WHERE order_search MATCH \(expression) \
            LIMIT \(threshold + 1))
            """)) ?? 0
        return matches < Self.countedMatches ? .few : matches <= threshold ? .some : .many
    }

    /// The condition a page of the list reads the matches with.
    func listCondition(_ db: Database) throws -> SQL {
        try condition(db, spread(db))
    }

    /// The condition on `orders` that holds for the matching orders, read the way their `spread` says. For `few`
    /// the index lookup carries the limit, which changes nothing then but bounds the sort; for `some`, `+id`
    /// keeps SQLite from looking the matches up by id and sorting them all, so it walks the list's index instead.
    func condition(_ db: Database, _ spread: Spread) throws -> SQL {
        switch self {
        case .nothing:
            return "0"
        case .number(let number):
            return "number = \(number)"
        case .emailAddress(let address):
            return "customer_email = \(address) COLLATE NOCASE"
        case .indexedText(let expression, let pattern):
            switch spread {
            case .few:
                return "id IN (SELECT rowid FROM order_search WHERE order_search MATCH \(expression) LIMIT \(Self.countedMatches))"
            case .some:
                return "+id IN (SELECT rowid FROM order_search WHERE order_search MATCH \(expression))"
            case .many:
                return Self.likeCondition(pattern)
            }
        case .shortText(let pattern):
            guard let (placedAt, id) = try Self.shortTextWindowStart(db) else { return "0" }
            return "id IN (SELECT id FROM orders WHERE (placed_at, id) >= (\(placedAt), \(id)) AND \(Self.likeCondition(pattern)))"
        }
    }

    private static func likeCondition(_ pattern: String) -> SQL {
        "(customer_name LIKE \(pattern) ESCAPE '\\' OR customer_email LIKE \(pattern) ESCAPE '\\')"
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
