import DeskflowDomain
import DeskflowOperations

/// What a bulk retry or cancel did: one row per order with its outcome and why, a link to each order, and the way
/// back to the queue, where the flash sums it up.
struct BulkResultsPage {
    struct Row {
        var order: String
        var label: String
        var url: String?
        var outcome: String
        var badge: Badge
        var detail: String
    }

    var chrome: PageChrome
    var heading: String
    var summary: String
    var rows: [Row]
    var backURL: String
    var backLabel: String

    init(chrome: PageChrome, result: BulkResult, filter: OrderFilter, search: OrderSearch?) {
        self.chrome = chrome
        self.heading = "\(result.action.label): results"
        self.summary = result.summary + "."
        self.rows = result.orders.map { line in
            Row(
                order: line.value, label: line.exists ? "#\(line.number)" : line.value,
                url: line.exists ? SitePath.order(line.number) : nil, outcome: line.outcome.name,
                badge: Self.badge(line.outcome), detail: line.outcome.detail)
        }
        self.backURL = OrdersListPage.url(filter: filter, search: search)
        self.backLabel = "Back to \(filter == .all ? "Orders" : filter.label)"
    }

    static func badge(_ outcome: BulkOutcome) -> Badge {
        switch outcome {
        case .done: Badge(label: "Done", tone: "done")
        case .skipped: Badge(label: "Skipped", tone: "muted")
        case .failed: Badge(label: "Failed", tone: "danger")
        }
    }
}
