import DeskflowDomain
import Foundation

/// One row of the orders list.
public struct OrderSummary: Hashable, Sendable {
    public var number: Int
    public var placedAt: Date
    public var customerName: String
    public var customerEmail: String
    public var total: Money
    public var status: OrderStatus
    public var paymentStatus: PaymentStatus
    public var fulfillmentStatus: FulfillmentStatus
    public var issue: OrderIssue?
    public var version: Int
    /// The latest failed refund, for the queue's Retry refund button.
    public var failedRefundID: Int64?

    package init(
        number: Int, placedAt: Date, customerName: String, customerEmail: String, total: Money, status: OrderStatus,
        paymentStatus: PaymentStatus, fulfillmentStatus: FulfillmentStatus, issue: OrderIssue? = nil, version: Int,
        failedRefundID: Int64? = nil
    ) {
        self.number = number
        self.placedAt = placedAt
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.total = total
        self.status = status
        self.paymentStatus = paymentStatus
        self.fulfillmentStatus = fulfillmentStatus
        self.issue = issue
        self.version = version
        self.failedRefundID = failedRefundID
    }
}

/// Which orders to list: a filter tab, an optional search, and the keyset cursor of the page.
public struct OrderListRequest: Hashable, Sendable {
    public var filter: OrderFilter
    public var search: OrderSearch?
    /// The number of the last order on the previous page; `nil` for the first page.
    public var after: Int?
    public var limit: Int

    public init(filter: OrderFilter = .all, search: OrderSearch? = nil, after: Int? = nil, limit: Int = 50) {
        self.filter = filter
        self.search = search
        self.after = after
        self.limit = limit
    }
}

public struct OrderListPage: Hashable, Sendable {
    public var orders: [OrderSummary]
    /// The cursor of the next page, when there is one.
    public var nextCursor: Int?

    package init(orders: [OrderSummary], nextCursor: Int? = nil) {
        self.orders = orders
        self.nextCursor = nextCursor
    }
}

public enum OrderListError: Error, Equatable {
    /// The page cursor names no order: the link is stale or was made up.
    case unknownCursor
}

/// How many orders each filter tab holds. A search that matches more orders than a count shows is counted among the
/// first of them only, so each tab's count is then at least what it says ("1,000+", "12+").
public struct OrderCounts: Hashable, Sendable {
    private var counts: [OrderFilter: Int]
    /// The most a count shows; `nil` when every count is whole.
    private var limit: Int?

    package init(counts: [OrderFilter: Int], limit: Int? = nil) {
        self.counts = counts
        self.limit = limit
    }

    /// Every tab's count from how many orders are in each state, each tab counting the states it lists.
    package static func tally(_ states: [(status: OrderStatus, issue: IssueKind?, count: Int)]) -> [OrderFilter: Int] {
        var counts: [OrderFilter: Int] = [:]
        for filter in OrderFilter.allCases {
            counts[filter] = states.filter { filter.includes(status: $0.status, issue: $0.issue) }.map(\.count).reduce(0, +)
        }
        return counts
    }

    /// The tab's count, no more than the limit.
    public subscript(filter: OrderFilter) -> Int {
        let count = counts[filter] ?? 0
        return limit.map { min(count, $0) } ?? count
    }

    /// Whether the tab may hold more orders than its count: the search matched more than a count shows, and only
    /// the first of its matches were counted.
    public func isCapped(_ filter: OrderFilter) -> Bool {
        limit != nil
    }
}
