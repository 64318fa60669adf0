import Foundation

/// What support needs to look into a failed order without access to Deskflow, as plain text: the order and where it
/// stands, the failure with every attempt and its time, the address and the lines, and what the store already tried.
public enum SupportDiagnostics {
    /// Attempts beyond this many, oldest first, are counted rather than listed.
    public static let maximumHistory = 20

    /// The timeline entries that are something a manager tried: fixing the address, writing to the customer, asking
    /// for or recording a payment method, asking support before.
    public static let triedEvents: Set<OrderEventKind> = [
        .addressUpdated, .customerMessaged, .paymentMethodRequested, .paymentMethodUpdated, .supportRequested,
    ]

    /// `Order 1042: processing error tax_calculation_failed`
    public static func subject(for order: Order) -> String {
        guard let issue = order.issue else { return "Order \(order.number): help needed" }
        return "Order \(order.number): \(issue.kind.label.lowercased()) \(issue.code)"
    }

    /// `timeline` is the order's events in any order; `orderPath` is where the order's page is; `time` writes a moment.
    public static func body(for order: Order, timeline: [OrderEvent], orderPath: String, time: (Date) -> String) -> String {
        let events = timeline.sorted { $0.occurredAt < $1.occurredAt }
        var sections: [[String]] = []
        sections.append([
            order.issue.map {
                "The store could not resolve a failure on order #\(order.number) (\($0.kind.label.lowercased())) and asks for help."
            } ?? "The store asks for help with order #\(order.number).",
        ])
        sections.append([
            "Order: #\(order.number) (\(orderPath))",
            "Placed: \(time(order.placedAt))",
            "Status: \(order.status.rawValue); payment \(order.paymentStatus.rawValue); fulfillment \(order.fulfillmentStatus.rawValue)",
        ])
        if let issue = order.issue {
            sections.append([
                "Failure: \(issue.kind.label) (\(issue.kind.rawValue))",
                "Code: \(issue.code)",
                "Message: \(issue.message)",
                "Since: \(time(issue.since))",
                "Attempts: \(issue.attempts)",
            ])
            let attempts = events.filter { issue.kind.attemptEvents.contains($0.kind) }
            let left = attempts.count - maximumHistory
            sections.append(
                ["Attempt history, oldest first:"]
                    + (left > 0 ? ["- (\(left) earlier \(left == 1 ? "entry" : "entries") left out)"] : [])
                    + attempts.suffix(maximumHistory).map { line($0, time) }
                    + (attempts.isEmpty ? ["- none recorded"] : []))
        }
        sections.append(["Shipping address:"] + order.shippingAddress.lines)
        sections.append(
            ["Lines:"]
                + order.lines.map { "- \($0.sku) · \($0.name) · \($0.quantity) × \($0.unitPrice.formatted) = \($0.lineTotal.formatted)" }
                + ["Total: \(order.totals.total.formatted) (captured \(order.payment.captured.formatted))"])
        sections.append(["Already tried:"] + alreadyTried(order: order, events: events, time: time))
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    /// The retries, then every fix, message and earlier request since the failure began.
    static func alreadyTried(order: Order, events: [OrderEvent], time: (Date) -> String) -> [String] {
        guard let issue = order.issue else { return ["- nothing yet"] }
        let retries = issue.attempts - 1
        let retried = switch retries {
        case ..<1: "- No retries yet."
        case 1: "- Retried once."
        default: "- Retried \(retries) times."
        }
        let tried = events.filter { triedEvents.contains($0.kind) && $0.occurredAt >= issue.since }.map { line($0, time) }
        return [retried] + (tried.isEmpty ? ["- No address edits, messages to the customer or earlier support requests."] : tried)
    }

    static func line(_ event: OrderEvent, _ time: (Date) -> String) -> String {
        "- \(time(event.occurredAt)) · \(event.actor) · \(event.summary)"
    }
}
