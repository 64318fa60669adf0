import DeskflowDomain

/// A status shown as a coloured label. The tone picks the colour; the text always says it too.
struct Badge {
    var label: String
    var tone: String

    init(label: String, tone: String) {
        self.label = label
        self.tone = tone
    }

    init(_ status: OrderStatus) {
        label = status.label
        tone = switch status {
        case .pending: "waiting"
        case .processing: "active"
        case .fulfilled: "done"
        case .cancelled: "muted"
        }
    }

    init(_ status: PaymentStatus) {
        label = status.label
        tone = switch status {
        case .pending, .authorized: "waiting"
        case .paid: "done"
        case .partiallyRefunded, .refunded, .voided: "muted"
        case .failed: "danger"
        }
    }

    init(_ status: FulfillmentStatus) {
        label = status.label
        tone = switch status {
        case .unfulfilled: "waiting"
        case .fulfilled: "done"
        case .failed: "danger"
        }
    }

    init(_ issue: IssueKind) {
        label = issue.label
        tone = "danger"
    }
}
