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
        /// Said beside an action that can be taken but will likely fail, and why.
        var warning: String?
    }

    var items: [Item]
    /// The available actions that resolve the order's open issue, for its banner.
    var resolutions: [Item]
    var hasResolutions: Bool
    var csrfToken: String
    var version: Int
    var idempotencyKey: String

    /// `support` is the server's support address: without one, Contact support is shown disabled, in the banner too,
    /// saying how to set one.
    init(order: Order, failedRefundID: Int64?, support: SupportAddress?, csrfToken: String, idempotencyKey: String) {
        self.csrfToken = csrfToken
        self.version = order.version
        self.idempotencyKey = idempotencyKey
        let all = OrderAction.allCases.map { action in
            switch action.availability(for: order, support: support) {
            case .unavailable(let reason):
                return Item(label: action.label, url: "", isLink: false, isForm: false, isDisabled: true, reason: reason, isDanger: action == .cancel)
            case .available:
                let (url, isLink) = SitePath.action(action, order: order.number, failedRefundID: failedRefundID)
                let warning = action == order.issue?.kind.retry ? order.issue?.retryWarning : nil
                return Item(
                    label: action.label, url: url, isLink: isLink, isForm: !isLink, isDisabled: false, reason: "",
                    isDanger: action == .cancel, warning: warning)
            }
        }
        items = all
        let byAction = Dictionary(uniqueKeysWithValues: zip(OrderAction.allCases, all))
        // Contact support stays in the banner when only the setting is missing, so the manager learns how to set it.
        let supportNeedsSetting = support == nil && OrderAction.contactSupport.availability(for: order) == .available
        resolutions = (order.issue?.resolutions ?? []).compactMap { action in
            byAction[action].flatMap { !$0.isDisabled || (action == .contactSupport && supportNeedsSetting) ? $0 : nil }
        }
        hasResolutions = !resolutions.isEmpty
    }
}
