import DeskflowDomain
import DeskflowStore
import Foundation

/// How a delivery state reads and looks.
extension Badge {
    init(_ state: DeliveryState) {
        switch state {
        case .queued: self.init(label: "Queued", tone: "waiting")
        case .sending: self.init(label: "Sending", tone: "active")
        case .sent: self.init(label: "Sent", tone: "done")
        case .failed: self.init(label: "Failed", tone: "danger")
        }
    }

    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "order_cancelled": "Cancellation"
        case "payment_method_request": "Payment method request"
        case "customer_message": "Message from staff"
        case SupportRequest.kind: "Support request"
        case OutboxMessage.webhookKind: "Storefront webhook"
        default: kind.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }
}

/// The log of every customer message, filterable by delivery state.
struct NotificationsListPage {
    struct Tab {
        var value: String
        var label: String
        var count: String
        var url: String
        var isCurrent: Bool
    }

    struct Row {
        var id: Int64
        var url: String
        var orderNumber: String
        /// The bare order number for the `data-order` hook, empty when the message is not about an order.
        var orderHook: String
        var orderURL: String?
        var kind: String
        var kindLabel: String
        var recipient: String
        var subject: String
        var state: String
        var badge: Badge
        var attempts: Int
        var createdAt: String
        var lastError: String?
    }

    var chrome: PageChrome
    var tabs: [Tab]
    var rows: [Row]
    var hasRows: Bool
    var nextURL: String?

    init(chrome: PageChrome, state: DeliveryState?, counts: [DeliveryState: Int], items: [NotificationSummary], next: Int64?, format: DisplayFormat) {
        self.chrome = chrome
        let total = counts.values.reduce(0, +)
        tabs = [Tab(value: "all", label: "All", count: total.formatted(), url: SitePath.notifications, isCurrent: state == nil)]
            + DeliveryState.allCases.map { option in
                Tab(
                    value: option.rawValue, label: Badge(option).label, count: (counts[option] ?? 0).formatted(),
                    url: SitePath.notifications(state: option.rawValue), isCurrent: option == state)
            }
        rows = items.map { item in
            Row(
                id: item.id, url: SitePath.notification(item.id), orderNumber: item.orderNumber.map { "#\($0)" } ?? "—",
                orderHook: item.orderNumber.map(String.init) ?? "",
                orderURL: item.orderNumber.map(SitePath.order), kind: item.kind, kindLabel: Badge.kindLabel(item.kind),
                recipient: item.recipient, subject: item.subject, state: item.state.rawValue, badge: Badge(item.state),
                attempts: item.attempts, createdAt: format.dateTime(item.createdAt), lastError: item.lastError)
        }
        hasRows = !items.isEmpty
        nextURL = next.map { cursor in
            SitePath.notifications(state: state?.rawValue, before: cursor)
        }
    }
}

/// One message as the customer will see it, with its delivery record.
struct NotificationPage {
    struct Paragraph { var text: String }

    var chrome: PageChrome
    var id: Int64
    var subject: String
    var recipient: String
    var orderNumber: String?
    var orderURL: String?
    var kindLabel: String
    var badge: Badge
    var state: String
    var attempts: Int
    var createdAt: String
    var sentAt: String?
    var nextAttemptAt: String?
    var lastError: String?
    /// An email: its paragraphs as the customer reads them, and its Message-ID.
    var email: Email?
    /// A storefront event: its id and the JSON that is POSTed, laid out to read.
    var webhook: Webhook?
    var canResend: Bool
    var resendURL: String
    var idempotencyKey: String

    struct Email {
        var from: String
        /// Where answers go when not to `from`: the manager who asked support.
        var replyTo: String?
        var paragraphs: [Paragraph]
        var messageID: String
    }

    struct Webhook {
        var eventID: String
        var json: String
    }

    init(chrome: PageChrome, detail: NotificationDetail, email: (from: String, messageID: String)?, format: DisplayFormat, idempotencyKey: String) {
        let summary = detail.summary
        self.chrome = chrome
        id = summary.id
        subject = summary.subject
        recipient = summary.recipient
        orderNumber = summary.orderNumber.map { "#\($0)" }
        orderURL = summary.orderNumber.map(SitePath.order)
        kindLabel = Badge.kindLabel(summary.kind)
        badge = Badge(summary.state)
        state = summary.state.rawValue
        attempts = summary.attempts
        createdAt = format.dateTime(summary.createdAt)
        sentAt = summary.sentAt.map(format.dateTime)
        nextAttemptAt = summary.state == .queued ? summary.nextAttemptAt.map(format.dateTime) : nil
        lastError = summary.lastError
        let body = detail.message.body
        self.email = email.map { email in
            Email(
                from: email.from, replyTo: detail.message.replyTo, paragraphs: body.components(separatedBy: "\n\n").map { Paragraph(text: $0) }, messageID: email.messageID)
        }
        webhook = email == nil ? Self.webhook(body) : nil
        canResend = summary.state == .failed
        resendURL = SitePath.resend(summary.id)
        self.idempotencyKey = idempotencyKey
    }

    /// The event's id, and its JSON indented with sorted keys; a body that is not JSON is shown as it is.
    static func webhook(_ body: String) -> Webhook {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return Webhook(eventID: "", json: body) }
        return Webhook(eventID: (object as? [String: Any])?["id"] as? String ?? "", json: String(decoding: pretty, as: UTF8.self))
    }
}
