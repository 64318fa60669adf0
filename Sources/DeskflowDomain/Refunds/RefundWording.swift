/// The sentences a refund made without cancelling produces: the dialog's summary line, the customer's email, the
/// flash message.
public enum RefundWording {
    /// "Refund $12.00 of $52.00 to Visa •••• 4242, put 2 items back in stock, email jane@example.com"
    public static func summary(_ command: RefundCommand, order: Order) -> String {
        var parts = ["Refund \(command.amount.formatted) of \(order.payment.refundableBesideFailed.formatted) to \(destination(order))"]
        let units = command.restockedUnits
        if units > 0 { parts.append("put \(units) item\(units == 1 ? "" : "s") back in stock") }
        parts.append(command.notifyCustomer ? "email \(order.customer.email)" : "do not email the customer")
        return parts.joined(separator: ", ")
    }

    public static func customerMessage(_ command: RefundCommand, order: Order) -> (subject: String, body: String) {
        var refunded = order.lines.compactMap { line -> String? in
            guard let units = command.units[line.sku], units > 0 else { return nil }
            return "- \(units) × \(line.name)"
        }
        if command.shipping { refunded.append("- Shipping") }
        let what = refunded.isEmpty ? "" : "\nRefunded from order #\(order.number):\n\(refunded.joined(separator: "\n"))\n"
        let body = """
            Hello \(order.customer.name),

            \(command.reason.customerExplanation)
            \(what)
            We are refunding \(command.amount.formatted) to \(order.payment.method?.label ?? "your original payment method"). \
            Refunds usually reach your account within 5 to 10 business days.

            If you have any questions, reply to this email.
            """
        return ("A refund of \(command.amount.formatted) for your order #\(order.number)", body)
    }

    /// "Refunded $12.00 to Visa •••• 4242. Customer notified."
    public static func flash(_ command: RefundCommand, order: Order, outcome: MoneyOutcome) -> String {
        var sentences: [String] = []
        let amount = command.amount.formatted
        switch outcome {
        case .succeeded: sentences.append("Refunded \(amount) to \(destination(order)).")
        case .failed(let message): sentences.append("The refund of \(amount) failed: \(message) Retry it from the order’s menu.")
        case .pending: sentences.append("The refund of \(amount) is being processed.")
        }
        let units = command.restockedUnits
        if units > 0 { sentences.append("\(units) item\(units == 1 ? "" : "s") put back in stock.") }
        if command.notifyCustomer { sentences.append("Customer notified.") }
        return sentences.joined(separator: " ")
    }

    static func destination(_ order: Order) -> String {
        order.payment.method?.label ?? "the customer"
    }
}
