/// The sentences a cancellation produces: the dialog's summary line, the customer's email, the flash message.
public enum CancellationWording {
    /// "Cancel order #1001, refund $40.00 of $52.00, restock 3 items, email jane@example.com"
    public static func summary(_ command: CancellationCommand, order: Order) -> String {
        var parts = ["Cancel order #\(order.number)"]
        switch command.refund {
        case .refund(let amount): parts.append("refund \(amount.formatted) of \(order.payment.refundable.formatted)")
        case .voidAuthorization(let amount): parts.append("void the authorization of \(amount.formatted)")
        case .noRefund: parts.append("no refund")
        case .nothingToRefund: parts.append("nothing to refund")
        }
        let units = order.itemCount
        let itemWord = units == 1 ? "item" : "items"
        parts.append(command.restock ? "restock \(units) \(itemWord)" : "do not restock \(units) \(itemWord)")
        parts.append(command.notifyCustomer ? "email \(order.customer.email)" : "do not email the customer")
        return parts.joined(separator: ", ")
    }

    /// Why the order was cancelled, as told to the customer.
    public static func customerExplanation(_ reason: CancelReason) -> String {
        switch reason {
        case .customer: "We have cancelled your order as you asked."
        case .fraud: "We were unable to verify the payment for this order, so we have cancelled it."
        case .inventory: "Some of the items you ordered are no longer available, so we have cancelled your order."
        case .declined: "Your payment could not be completed, so we have cancelled your order."
        case .staff: "We made a mistake with your order and have cancelled it. We are sorry for the trouble."
        case .other: "We have cancelled your order."
        }
    }

    public static func customerMessage(_ command: CancellationCommand, order: Order) -> (subject: String, body: String) {
        let money: String = switch command.refund {
        case .refund(let amount):
            "We are refunding \(amount.formatted) to \(order.payment.method?.label ?? "your original payment method"). "
                + "Refunds usually reach your account within 5 to 10 business days."
        case .voidAuthorization(let amount):
            "The hold of \(amount.formatted) on \(order.payment.method?.label ?? "your card") has been released; you have not been charged."
        case .nothingToRefund:
            "You have not been charged for this order."
        case .noRefund:
            "No refund is being issued for this order. If you think this is wrong, reply to this email."
        }
        let items = order.lines.map { "- \($0.quantity) × \($0.name)" }.joined(separator: "\n")
        let body = """
            Hello \(order.customer.name),

            \(customerExplanation(command.reason))

            Order #\(order.number):
            \(items)

            \(money)

            If you have any questions, reply to this email.
            """
        return ("Your order #\(order.number) has been cancelled", body)
    }
}

/// How the money side of an action ended, for the flash message.
public enum MoneyOutcome: Hashable, Sendable {
    case succeeded
    case failed(String)
    /// The gateway has not answered yet; the call is retried in the background.
    case pending
}

extension MoneyOutcome {
    /// How the provider's answer to a call ends for the manager. A refund that got no answer is recorded failed, with
    /// a retry under the same key; the other calls wait pending.
    public init(_ answer: GatewayOutcome, of kind: PaymentCall.Kind) {
        if answer.succeeded {
            self = .succeeded
        } else if answer.isTransient, kind != .refund {
            self = .pending
        } else {
            self = .failed(answer.failureMessage ?? "The payment provider refused it.")
        }
    }
}

extension CancellationWording {
    /// "Order #1001 cancelled. Refunded $40.00 to Visa •••• 4242. Customer notified."
    public static func flash(_ command: CancellationCommand, order: Order, outcome: MoneyOutcome) -> String {
        var sentences = ["Order #\(order.number) cancelled."]
        let card = order.payment.method?.label ?? "the customer"
        switch (command.refund, outcome) {
        case (.refund(let amount), .succeeded): sentences.append("Refunded \(amount.formatted) to \(card).")
        case (.refund(let amount), .failed(let message)):
            sentences.append("The refund of \(amount.formatted) failed: \(message) Retry it from the order’s menu.")
        case (.refund(let amount), .pending): sentences.append("The refund of \(amount.formatted) is being processed.")
        case (.voidAuthorization(let amount), .succeeded): sentences.append("Released the authorization of \(amount.formatted).")
        case (.voidAuthorization(let amount), .failed(let message)):
            sentences.append("Releasing the authorization of \(amount.formatted) failed: \(message)")
        case (.voidAuthorization(let amount), .pending):
            sentences.append("The authorization of \(amount.formatted) is being released.")
        case (.noRefund, _): sentences.append("No refund issued.")
        case (.nothingToRefund, _): break
        }
        if command.notifyCustomer { sentences.append("Customer notified.") }
        return sentences.joined(separator: " ")
    }
}
