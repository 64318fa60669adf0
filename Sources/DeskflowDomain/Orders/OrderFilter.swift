/// The tabs of the orders list: everything, the failures that need attention, each failure, each status.
public enum OrderFilter: Hashable, Sendable {
    case all
    case needsAttention
    case issue(IssueKind)
    case status(OrderStatus)

    /// Every filter in the order the tabs are shown.
    public static let allCases: [OrderFilter] =
        [.all, .needsAttention] + IssueKind.allCases.map(OrderFilter.issue) + OrderStatus.allCases.map(OrderFilter.status)

    public var value: String {
        switch self {
        case .all: "all"
        case .needsAttention: "needs_attention"
        case .issue(let kind): kind.rawValue
        case .status(let status): status.rawValue
        }
    }

    public var label: String {
        switch self {
        case .all: "All"
        case .needsAttention: "Needs attention"
        case .issue(let kind): kind.label
        case .status(let status): status.label
        }
    }

    /// The filter named by a `status` query value; a missing or empty value means all orders.
    public static func parse(_ value: String?) -> Result<OrderFilter, OrderFilterError> {
        guard let value, !value.isEmpty else { return .success(.all) }
        guard let filter = allCases.first(where: { $0.value == value }) else {
            return .failure(OrderFilterError(given: value))
        }
        return .success(filter)
    }

    /// The failed-orders queue lists the longest-waiting failure first; every other tab lists newest orders first.
    public var isAttentionQueue: Bool {
        switch self {
        case .needsAttention, .issue: true
        case .all, .status: false
        }
    }

    /// Whether an order in this state is listed under this filter.
    public func includes(status: OrderStatus, issue: IssueKind?) -> Bool {
        switch self {
        case .all: true
        case .needsAttention: issue != nil
        case .issue(let kind): issue == kind
        case .status(let wanted): status == wanted
        }
    }
}

public struct OrderFilterError: Error, Equatable, Sendable {
    public let given: String

    public var message: String {
        "There is no order filter called “\(given)”. Use one of: "
            + OrderFilter.allCases.map(\.value).joined(separator: ", ") + "."
    }
}
