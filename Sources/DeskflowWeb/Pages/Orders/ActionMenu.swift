import DeskflowDomain

/// The three-dot menu of an order: every action, each a link, a one-button form, or disabled with its reason.
struct ActionMenu {
    struct Item {
        var label: String
        var url: String
        var isLink: Bool
        var isForm: Bool
        var isDisabled: Bool
        var reason: String
        var isDanger: Bool
    }

    var items: [Item]
    /// The available actions that resolve the order's open issue, for its banner.
    var resolutions: [Item]
    var hasResolutions: Bool
    var csrfToken: String
    var version: Int
    var idempotencyKey: String

    init(order: Order, failedRefundID: Int64?, csrfToken: String, idempotencyKey: String) {
        self.csrfToken = csrfToken
        self.version = order.version
        self.idempotencyKey = idempotencyKey
        let all = OrderAction.allCases.map { action in
            let base = "/orders/\(order.number)"
            switch action.availability(for: order) {
            case .unavailable(let reason):
                return Item(label: action.label, url: "", isLink: false, isForm: false, isDisabled: true, reason: reason, isDanger: action == .cancel)
            case .available:
                let (path, isLink) = Self.route(action, failedRefundID: failedRefundID)
                return Item(label: action.label, url: base + path, isLink: isLink, isForm: !isLink, isDisabled: false, reason: "", isDanger: action == .cancel)
            }
        }
        items = all
        let byAction = Dictionary(uniqueKeysWithValues: zip(OrderAction.allCases, all))
        resolutions = (order.issue?.kind.resolutions ?? []).compactMap { byAction[$0] }.filter { !$0.isDisabled }
        hasResolutions = !resolutions.isEmpty
    }

    /// Where each action lives: a page (GET link) or a one-button POST.
    static func route(_ action: OrderAction, failedRefundID: Int64?) -> (path: String, isLink: Bool) {
        switch action {
        case .cancel: ("/cancel", true)
        case .retryPayment: ("/payment/retry", false)
        case .requestPaymentMethod: ("/payment/request", false)
        case .recordPaymentMethod: ("/payment/method", true)
        case .markPaid: ("/payment/mark-paid", true)
        case .retryProcessing: ("/processing/retry", false)
        case .fixAddress: ("/address", true)
        case .retryFulfillment: ("/fulfillment/retry", false)
        case .fulfill: ("/fulfill", true)
        case .retryRefund: ("/refunds/\(failedRefundID ?? 0)/retry", false)
        case .markRefunded: ("/refunds/\(failedRefundID ?? 0)/mark-refunded", true)
        case .messageCustomer: ("/messages", true)
        }
    }
}
