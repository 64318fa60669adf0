import DeskflowDomain
import DeskflowStore
import Foundation

/// The orders list: filter tabs with counts, the search box, one row per order, and the next-page link.
struct OrdersListPage {
    struct Tab {
        var value: String
        var label: String
        var count: String
        var url: String
        var isCurrent: Bool
        var isAttention: Bool
    }

    struct Row {
        var number: Int
        var url: String
        var placedAt: String
        var placedAtISO: String
        var customerName: String
        var customerEmail: String
        var total: String
        var status: String
        var paymentStatus: String
        var fulfillmentStatus: String
        var issue: String
        var statusBadge: Badge
        var paymentBadge: Badge
        var fulfillmentBadge: Badge
        var issueBadge: Badge?
        var issueMessage: String
        var issueSince: String
        var issueSinceISO: String
        var attempts: String
        var primaryAction: PrimaryAction?
        /// Ticked for the bulk form: by the manager before an error, or by "Select all on this page".
        var isSelected: Bool
        /// The first row's checkbox carries the id the error summary links to.
        var checkboxID: String?
        var describedBy: String?
    }

    /// The form that retries or cancels the ticked rows of a queue tab (`POST /orders/bulk`), with "Select all on
    /// this page" as a plain GET of the same page.
    struct BulkPanel {
        var csrfToken: String
        var idempotencyKey: String
        var page: String?
        var allSelected: Bool
        var clearSelectionURL: String
        var reasons: [FormDialog.Option]
        var restock: Bool
        var notifyCustomer: Bool
        var errors: [FieldError]
        var hasErrors: Bool
        var ordersError: String?
        var actionError: String?
        var reasonError: String?

        /// The panel as it first shows, or again with what was sent and what was wrong with it.
        init(
            csrfToken: String, idempotencyKey: String, page: Int?, allSelected: Bool, clearSelectionURL: String,
            form: BulkForm? = nil, errors: FormErrors? = nil
        ) {
            self.csrfToken = csrfToken
            self.idempotencyKey = idempotencyKey
            self.page = page.map(String.init)
            self.allSelected = allSelected
            self.clearSelectionURL = clearSelectionURL
            let reason = form?.reason ?? ""
            self.reasons = CancelReason.allCases.map {
                FormDialog.Option(value: $0.rawValue, label: $0.label, isSelected: $0.rawValue == reason)
            }
            self.restock = form?.restock ?? true
            self.notifyCustomer = form?.notifyCustomer ?? true
            self.errors = errors?.errors ?? []
            self.hasErrors = !self.errors.isEmpty
            self.ordersError = errors?.message(for: "orders")
            self.actionError = errors?.message(for: "action")
            self.reasonError = errors?.message(for: "reason")
        }
    }

    /// The one action that can work for a queued failure: a one-button form (a retry, asking for a new payment
    /// method), or a link to the form that makes the fix (editing the address, recording a refund made another way).
    struct PrimaryAction {
        var label: String
        var url: String
        var isLink: Bool
        var version: Int
        var idempotencyKey: String
    }

    var chrome: PageChrome
    var heading: String
    var filter: String
    var query: String
    var hasQuery: Bool
    var clearSearchURL: String
    var tabs: [Tab]
    var rows: [Row]
    var hasRows: Bool
    var emptyTitle: String
    var emptyAdvice: String
    var nextURL: String?
    var isFirstPage: Bool
    var firstPageURL: String
    var hasPager: Bool
    var isQueue: Bool
    var attentionSummary: String
    var bulk: BulkPanel?

    init(
        chrome: PageChrome, filter: OrderFilter, search: OrderSearch?, counts: OrderCounts, page: OrderListPage, isFirstPage: Bool,
        format: DisplayFormat, makeToken: () -> String, selected: Set<Int> = [], bulk: BulkPanel? = nil
    ) {
        self.chrome = chrome
        self.heading = filter == .all ? "Orders" : "Orders: \(filter.label)"
        self.filter = filter.value
        self.query = search?.text ?? ""
        self.hasQuery = search != nil
        self.clearSearchURL = Self.url(filter: filter, search: nil)
        self.tabs = OrderFilter.allCases.map { tab in
            Tab(
                value: tab.value, label: tab.label, count: Self.countLabel(counts, tab), url: Self.url(filter: tab, search: search),
                isCurrent: tab == filter, isAttention: tab == .needsAttention)
        }
        self.rows = page.orders.map { order in
            Row(
                number: order.number, url: SitePath.order(order.number),
                placedAt: format.dateTime(order.placedAt), placedAtISO: format.iso(order.placedAt),
                customerName: order.customerName, customerEmail: order.customerEmail, total: order.total.formatted,
                status: order.status.rawValue, paymentStatus: order.paymentStatus.rawValue,
                fulfillmentStatus: order.fulfillmentStatus.rawValue, issue: order.issue?.kind.rawValue ?? "",
                statusBadge: Badge(order.status), paymentBadge: Badge(order.paymentStatus),
                fulfillmentBadge: Badge(order.fulfillmentStatus), issueBadge: order.issue.map { Badge($0.kind) },
                issueMessage: order.issue?.message ?? "",
                issueSince: order.issue.map { format.dateTime($0.since) } ?? "",
                issueSinceISO: order.issue.map { format.iso($0.since) } ?? "",
                attempts: order.issue.map { $0.attempts == 1 ? "1 attempt" : "\($0.attempts) attempts" } ?? "",
                primaryAction: filter.isAttentionQueue ? Self.primaryAction(order, makeToken: makeToken) : nil,
                isSelected: selected.contains(order.number), checkboxID: order.number == page.orders.first?.number ? "orders" : nil,
                describedBy: bulk?.ordersError == nil ? nil : "orders-error")
        }
        self.bulk = filter.isAttentionQueue && !page.orders.isEmpty ? bulk : nil
        self.hasRows = !page.orders.isEmpty
        (self.emptyTitle, self.emptyAdvice) = Self.emptyState(filter: filter, search: search, isFirstPage: isFirstPage)
        self.nextURL = page.nextCursor.map { Self.url(filter: filter, search: search, page: $0) }
        self.isFirstPage = isFirstPage
        self.firstPageURL = Self.url(filter: filter, search: search)
        self.hasPager = !isFirstPage || page.nextCursor != nil
        self.isQueue = filter.isAttentionQueue
        let waiting = counts[.needsAttention]
        self.attentionSummary = waiting == 1
            ? "1 order needs attention" : "\(Self.countLabel(counts, .needsAttention)) orders need attention"
    }

    /// A tab's count as shown: "1,204", or "1,000+" when a search's count stopped at its limit.
    static func countLabel(_ counts: OrderCounts, _ filter: OrderFilter) -> String {
        counts[filter].formatted() + (counts.isCapped(filter) ? "+" : "")
    }

    static func primaryAction(_ order: OrderSummary, makeToken: () -> String) -> PrimaryAction? {
        guard let issue = order.issue else { return nil }
        let action = issue.primaryAction
        let (url, isLink) = SitePath.action(action, order: order.number, failedRefundID: order.failedRefundID)
        return PrimaryAction(
            label: action.label, url: url, isLink: isLink, version: order.version, idempotencyKey: isLink ? "" : makeToken())
    }

    static func emptyState(filter: OrderFilter, search: OrderSearch?, isFirstPage: Bool) -> (String, String) {
        if !isFirstPage {
            return ("No more orders", "You have reached the end of the list.")
        }
        if let search, search.isShortText {
            return (
                "No orders match “\(search.text)”",
                "Searches of one or two characters look through the newest \(OrderSearch.shortTextWindow.formatted()) orders "
                    + "only: type three or more to search every order, or search by order number.")
        }
        if let search {
            return (
                "No orders match “\(search.text)”",
                "Check the spelling, search by order number, customer name or email, or clear the search.")
        }
        switch filter {
        case .all:
            return ("No orders yet", "Orders appear here as customers place them. To try Deskflow, run deskflow serve --demo.")
        case .needsAttention, .issue:
            return ("Nothing needs attention", "Orders whose payment, processing, fulfillment or refund fails will appear here.")
        case .status(let status):
            return ("No \(status.label.lowercased()) orders", "Choose another tab to see other orders.")
        }
    }

    /// A list URL with only the parameters that differ from the defaults.
    static func url(filter: OrderFilter, search: OrderSearch?, page: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        if filter != .all { items.append(URLQueryItem(name: "status", value: filter.value)) }
        if let search { items.append(URLQueryItem(name: "q", value: search.text)) }
        if let page { items.append(URLQueryItem(name: "page", value: String(page))) }
        var components = URLComponents()
        components.path = SitePath.orders
        components.queryItems = items.isEmpty ? nil : items
        // URLComponents leaves "+" alone in queries; encode it so a search for "a+b" survives the round trip.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string ?? SitePath.orders
    }
}
