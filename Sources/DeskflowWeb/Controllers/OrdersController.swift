import DeskflowDomain
import DeskflowStore
import Hummingbird

/// The orders list and the order page.
struct OrdersController {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let makeToken: @Sendable () -> String
    let orderPage: OrderPage

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/", use: home)
        router.get("/orders", use: list)
        router.get("/orders/:number", use: show)
    }

    /// GET / — the orders list is home.
    @Sendable func home(request: Request, context: AppRequestContext) async throws -> Response {
        .redirect(to: SitePath.orders, type: .normal)
    }

    /// GET /orders — filter tabs, search and keyset pages; `select=all` ticks every row of a queue tab for the bulk
    /// form.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let filter = try Self.filter(query["status"].map(String.init))
        let search = OrderSearch(query["q"].map(String.init))
        let cursor = try Self.cursor(query["page"].map(String.init))
        return try await render(
            filter: filter, search: search, cursor: cursor, selectAll: query["select"] == "all", context: context)
    }

    /// The list page; with `bulkForm` and `errors`, the bulk form again with what was ticked and what was wrong.
    func render(
        filter: OrderFilter, search: OrderSearch?, cursor: Int?, selectAll: Bool = false, bulkForm: BulkForm? = nil,
        errors: FormErrors? = nil, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page: OrderListPage
        let counts: OrderCounts
        do {
            (page, counts) = try await database.listOrdersWithCounts(
                OrderListRequest(filter: filter, search: search, after: cursor))
        } catch OrderListError.unknownCursor {
            throw Self.badCursor
        }
        let selected = selectAll ? Set(page.orders.map(\.number)) : Set((bulkForm?.orders ?? []).compactMap { Int($0) })
        let bulk = OrdersListPage.BulkPanel(
            csrfToken: context.csrfToken ?? "", idempotencyKey: makeToken(), page: cursor, allSelected: selectAll,
            clearSelectionURL: OrdersListPage.url(filter: filter, search: search, page: cursor), form: bulkForm,
            errors: errors)
        let model = OrdersListPage(
            chrome: PageChrome(title: filter == .all ? "Orders" : "Orders: \(filter.label)", context: context, navOrders: true,
                navAttention: filter == .needsAttention),
            filter: filter, search: search, counts: counts, page: page, isFirstPage: cursor == nil, format: renderer.format,
            makeToken: makeToken, selected: selected, bulk: bulk)
        return try renderer.render("orders/list", model, status: status)
    }

    static func filter(_ text: String?) throws -> OrderFilter {
        switch OrderFilter.parse(text) {
        case .success(let parsed): return parsed
        case .failure(let error): throw PageError.badRequest(error.message, advice: "Pick a tab on the orders list.")
        }
    }

    /// GET /orders/{number} — the order page with its actions menu.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        try await orderPage.render(try orderPage.detail(context.parameters.get("number")), context: context)
    }

    static let badCursor = PageError.badRequest(
        "The page link is not valid or has gone out of date.", advice: "Start again from the first page of the orders list.")

    static func cursor(_ text: String?) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count <= 12, text.allSatisfy(\.isASCIIDigit), let number = Int(text) else { throw badCursor }
        return number
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
