import DeskflowDomain
import DeskflowStore
import Foundation

/// The order page: header with badges and the actions menu, the issue banner, lines, money, customer, timeline.
struct OrderDetailPage {
    struct MoneyField {
        var label: String
        var field: String
        var minor: Int64
        var formatted: String
        var isTotal: Bool
    }

    struct Line {
        var sku: String
        var name: String
        var quantity: Int
        var unitPrice: String
        var lineTotal: String
    }

    struct Refund {
        var id: Int64
        var amount: String
        var minor: Int64
        var reason: String?
        var note: String?
        var state: String
        var stateLabel: String
        var requestedAt: String
        var failureMessage: String?
    }

    struct Event {
        var kind: String
        var summary: String
        var actor: String
        var occurredAt: String
        var occurredAtISO: String
    }

    struct Issue {
        var kind: String
        var title: String
        var explanation: String
        var message: String
        var code: String
        var since: String
        var attempts: String
        var history: [Event]
        var hasHistory: Bool
        var shortfalls: [Shortfall]
        var hasShortfalls: Bool
    }

    struct Shortfall {
        var sku: String
        var name: String
        var needed: Int
        var onHand: Int
        var short: Int
        var inventoryURL: String
    }

    struct Cancellation {
        var reason: String
        var note: String
        var hasNote: Bool
        var cancelledBy: String
        var cancelledAt: String
    }

    var chrome: PageChrome
    var number: Int
    var url: String
    var placedAt: String
    var placedAtISO: String
    var statusBadge: Badge
    var paymentBadge: Badge
    var fulfillmentBadge: Badge
    var menu: ActionMenu
    var issue: Issue?
    var lines: [Line]
    var itemCount: String
    var totals: [MoneyField]
    var paymentMethod: String
    /// Who moves the money, when it is not the embedded simulation: where to look the payment up.
    var paymentProvider: String?
    var paymentFields: [MoneyField]
    var refunds: [Refund]
    var hasRefunds: Bool
    /// The refund dialog, when some captured money can still go back.
    var refundURL: String?
    var fulfillmentStatus: String
    var trackingNumber: String?
    var customerName: String
    var customerEmail: String
    var customerEmailURL: String
    var addressLines: [String]
    var cancellation: Cancellation?
    var events: [Event]
    var backURL: String
    var dialog: CancelDialog?
    var formDialog: FormDialog?
    var refundDialog: RefundDialog?

    init(
        chrome: PageChrome, detail: OrderDetail, menu: ActionMenu, format: DisplayFormat, shortfalls: [StockShortfall] = [],
        dialog: CancelDialog? = nil, formDialog: FormDialog? = nil, refundDialog: RefundDialog? = nil
    ) {
        let order = detail.order
        self.chrome = chrome
        number = order.number
        url = SitePath.order(order.number)
        placedAt = format.dateTime(order.placedAt)
        placedAtISO = format.iso(order.placedAt)
        statusBadge = Badge(order.status)
        paymentBadge = Badge(order.paymentStatus)
        fulfillmentBadge = Badge(order.fulfillmentStatus)
        self.menu = menu
        let eventRows = detail.events.map { event in
            Event(
                kind: event.kind.rawValue, summary: event.summary, actor: event.actor,
                occurredAt: format.dateTime(event.occurredAt), occurredAtISO: format.iso(event.occurredAt))
        }
        issue = order.issue.map { issue in
            let history = zip(detail.events, eventRows)
                .filter { issue.kind.attemptEvents.contains($0.0.kind) }.map(\.1).reversed()
            return Issue(
                kind: issue.kind.rawValue, title: issue.kind.label, explanation: issue.explanation, message: issue.message,
                code: issue.code, since: format.dateTime(issue.since),
                attempts: issue.attempts == 1 ? "1 attempt" : "\(issue.attempts) attempts",
                history: Array(history), hasHistory: !history.isEmpty,
                shortfalls: shortfalls.map {
                    Shortfall(sku: $0.sku, name: $0.name, needed: $0.needed, onHand: $0.onHand, short: $0.short, inventoryURL: SitePath.stockRow($0.sku))
                },
                hasShortfalls: !shortfalls.isEmpty)
        }
        lines = order.lines.map { line in
            Line(sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice.formatted, lineTotal: line.lineTotal.formatted)
        }
        let lineCount = order.lines.count == 1 ? "1 line" : "\(order.lines.count) lines"
        itemCount = lineCount + ", " + (order.itemCount == 1 ? "1 unit" : "\(order.itemCount) units")
        totals = [
            MoneyField(label: "Subtotal", field: "subtotal", money: order.totals.subtotal),
            MoneyField(label: "Shipping", field: "shipping", money: order.totals.shipping),
            MoneyField(label: "Tax", field: "tax", money: order.totals.tax),
            MoneyField(label: "Total", field: "total", money: order.totals.total, isTotal: true),
        ]
        paymentMethod = order.payment.methodLabel ?? "No payment method on file"
        paymentProvider = switch order.payment.provider {
        case .stripe: "Through Stripe" + (order.payment.reference.map { " · \($0)" } ?? "")
        case .manual: "Paid outside any gateway"
        case .simulated: nil
        }
        paymentFields = [
            MoneyField(label: "Authorized", field: "authorized", money: order.payment.authorized),
            MoneyField(label: "Captured", field: "captured", money: order.payment.captured),
            MoneyField(label: "Refunded", field: "refunded", money: order.payment.refunded),
            MoneyField(label: "Refundable", field: "refundable", money: order.payment.refundable, isTotal: true),
        ]
        refunds = detail.refunds.map { refund in
            Refund(
                id: refund.id, amount: refund.amount.formatted, minor: refund.amount.minorUnits,
                reason: refund.reason?.label, note: refund.note,
                state: refund.state.rawValue,
                stateLabel: Self.label(refund.state),
                requestedAt: format.dateTime(refund.requestedAt), failureMessage: refund.failureMessage)
        }
        hasRefunds = !detail.refunds.isEmpty
        refundURL = OrderAction.refund.availability(for: order) == .available ? SitePath.refund(order.number) : nil
        fulfillmentStatus = order.fulfillmentStatus.label
        trackingNumber = order.trackingNumber
        customerName = order.customer.name
        customerEmail = order.customer.email
        customerEmailURL = SafeURL.mailto(order.customer.email)
        addressLines = order.shippingAddress.lines
        cancellation = order.cancellation.map { record in
            Cancellation(
                reason: record.reason.label, note: record.note, hasNote: !record.note.isEmpty,
                cancelledBy: record.cancelledBy, cancelledAt: format.dateTime(record.cancelledAt))
        }
        events = eventRows
        backURL = SitePath.orders
        self.dialog = dialog
        self.formDialog = formDialog
        self.refundDialog = refundDialog
    }

    static func label(_ state: RefundSummary.State) -> String {
        switch state {
        case .pending: "Pending"
        case .succeeded: "Refunded"
        case .failed: "Failed"
        case .replaced: "Failed, replaced by a later refund"
        }
    }

    /// The `data-` hooks the `<main>` element carries for this order.
    static func mainAttributes(_ order: Order) -> [PageChrome.DataAttribute] {
        [
            .init(name: "order", value: String(order.number)),
            .init(name: "status", value: order.status.rawValue),
            .init(name: "payment-status", value: order.paymentStatus.rawValue),
            .init(name: "fulfillment-status", value: order.fulfillmentStatus.rawValue),
            .init(name: "issue", value: order.issue?.kind.rawValue ?? ""),
            .init(name: "version", value: String(order.version)),
        ]
    }
}

extension OrderDetailPage.MoneyField {
    init(label: String, field: String, money: Money, isTotal: Bool = false) {
        self.init(label: label, field: field, minor: money.minorUnits, formatted: money.formatted, isTotal: isTotal)
    }
}
