/// Every sentence an order's timeline and its inventory ledger record, in one place: live actions, the provider's
/// and the warehouse's answers, and the demo seeder all take their wording from here.
public enum Timeline {
    /// Who the provider's and the warehouse's answers are recorded as.
    public static let gatewayActor = "Payment gateway"
    public static let warehouseActor = "Warehouse"
    public static let systemActor = "Deskflow"

    // MARK: Placing and paying

    public static func orderPlaced(lines: Int, total: Money) -> EventEntry {
        EventEntry(.orderPlaced, "Order placed online with \(lines) item\(lines == 1 ? "" : "s").", amount: total)
    }

    public static func authorized(_ amount: Money, card: PaymentMethod?) -> EventEntry {
        EventEntry(.paymentAuthorized, "\(amount.formatted) authorized on \(card?.label ?? "card").", amount: amount)
    }

    public static func charged(_ amount: Money, card: PaymentMethod?) -> EventEntry {
        EventEntry(.paymentCaptured, "\(amount.formatted) charged to \(card?.label ?? "the card on file").", amount: amount)
    }

    public static func chargeFailed(_ amount: Money, message: String) -> EventEntry {
        EventEntry(.paymentFailed, "Charge of \(amount.formatted) failed: \(message)", amount: amount)
    }

    public static func chargeUnanswered(_ amount: Money, message: String?) -> EventEntry {
        EventEntry(
            .paymentFailed,
            "Charge of \(amount.formatted) got no answer: \(message ?? "timeout") It stays pending and is sent again with the same key.",
            amount: amount)
    }

    public static func chargeRetried(_ amount: Money, card: PaymentMethod?) -> EventEntry {
        EventEntry(.paymentRetried, "Charge of \(amount.formatted) retried on \(card?.label ?? "the card on file").", amount: amount)
    }

    public static func captured(_ amount: Money) -> EventEntry {
        EventEntry(.paymentCaptured, "\(amount.formatted) captured.", amount: amount)
    }

    public static func captureFailed(_ amount: Money, message: String?) -> EventEntry {
        EventEntry(.paymentFailed, "Capturing \(amount.formatted) failed: \(message ?? "no reason given")", amount: amount)
    }

    public static func captureUnanswered(_ amount: Money) -> EventEntry {
        EventEntry(.paymentFailed, "Capturing \(amount.formatted) got no answer. It stays pending and is sent again with the same key.", amount: amount)
    }

    public static func paymentMethodRequested(from email: String) -> EventEntry {
        EventEntry(.paymentMethodRequested, "Asked \(email) for a new payment method.")
    }

    public static func paymentMethodChanged(from old: String?, to new: NewPaymentMethod) -> EventEntry {
        EventEntry(.paymentMethodUpdated, "Payment method changed from \(old ?? "none") to \(new.label).")
    }

    public static func paidElsewhere(_ amount: Money, reference: String) -> EventEntry {
        EventEntry(.paymentReceived, "Payment of \(amount.formatted) received outside the gateway (reference \(reference)).", amount: amount)
    }

    // MARK: Money back

    public static func voided(_ amount: Money) -> EventEntry {
        EventEntry(.authorizationVoided, "Authorization of \(amount.formatted) voided.", amount: amount)
    }

    public static func voidFailed(_ amount: Money, message: String?) -> EventEntry {
        EventEntry(
            .authorizationVoided,
            "Voiding the authorization of \(amount.formatted) failed: \(message ?? "no reason given") The hold lapses on its own.",
            amount: amount)
    }

    public static func voidUnanswered(_ amount: Money) -> EventEntry {
        EventEntry(
            .authorizationVoided,
            "Voiding the authorization of \(amount.formatted) got no answer. It stays pending and is sent again with the same key.",
            amount: amount)
    }

    public static func refundRequested(_ amount: Money) -> EventEntry {
        EventEntry(.refundRequested, "Refund of \(amount.formatted) requested.", amount: amount)
    }

    /// "Refund of $12.00 requested: Item arrived damaged (2 items, shipping)."
    public static func refundRequested(_ amount: Money, reason: RefundReason, units: Int, shipping: Bool) -> EventEntry {
        var parts: [String] = []
        if units > 0 { parts.append("\(units) item\(units == 1 ? "" : "s")") }
        if shipping { parts.append("shipping") }
        let what = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        return EventEntry(.refundRequested, "Refund of \(amount.formatted) requested: \(reason.label)\(what).", amount: amount)
    }

    public static func returnedToStock(units: Int) -> EventEntry {
        EventEntry(.itemsRestocked, "\(units) returned item\(units == 1 ? "" : "s") put back in stock.")
    }

    public static func refundEmailQueued(to email: String) -> EventEntry {
        EventEntry(.customerNotified, "Refund email to \(email) queued.")
    }

    public static func refundRetried(_ amount: Money) -> EventEntry {
        EventEntry(.refundRequested, "Refund of \(amount.formatted) retried.", amount: amount)
    }

    public static func refunded(_ amount: Money, card: PaymentMethod?) -> EventEntry {
        EventEntry(.refundSucceeded, "Refunded \(amount.formatted) to \(card?.label ?? "the customer").", amount: amount)
    }

    public static func refundFailed(_ amount: Money, message: String?) -> EventEntry {
        EventEntry(.refundFailed, "Refund of \(amount.formatted) failed: \(message ?? "no reason given")", amount: amount)
    }

    public static func refundedElsewhere(reference: String) -> EventEntry {
        EventEntry(.refundSucceeded, "Failed refund paid back outside the gateway (reference \(reference)).")
    }

    // MARK: Cancelling

    public static func cancelled(_ reason: CancelReason, refundKept: Bool) -> EventEntry {
        EventEntry(.orderCancelled, "Order cancelled: \(reason.label).\(refundKept ? " No refund issued." : "")")
    }

    public static func restocked(units: Int) -> EventEntry {
        EventEntry(.itemsRestocked, "\(units) item\(units == 1 ? "" : "s") returned to stock.")
    }

    public static func writtenOff(units: Int) -> EventEntry {
        EventEntry(.itemsRestocked, "\(units) item\(units == 1 ? "" : "s") not returned to stock (written off).")
    }

    public static func cancellationEmailQueued(to email: String) -> EventEntry {
        EventEntry(.customerNotified, "Cancellation email to \(email) queued.")
    }

    // MARK: Processing and shipping

    public static func addressChanged(to address: Address) -> EventEntry {
        EventEntry(.addressUpdated, "Shipping address changed to \(address.lines.joined(separator: ", ")).")
    }

    public static let processingSucceeded = EventEntry(.processingSucceeded, "Processing succeeded; the order is ready to fulfill.")

    public static func processingFailed(_ message: String) -> EventEntry { EventEntry(.processingFailed, message) }

    public static let processingAnsweredTooLate = EventEntry(
        .processingFailed, "The warehouse answered after the order was cancelled; its answer was ignored.")

    public static func shipped(tracking: String) -> EventEntry { EventEntry(.orderFulfilled, "Shipped, tracking \(tracking).") }

    public static func fulfillmentFailed(_ message: String) -> EventEntry { EventEntry(.fulfillmentFailed, message) }

    public static let fulfillmentAnsweredTooLate = EventEntry(
        .fulfillmentFailed, "The warehouse answered after the order was cancelled; nothing was shipped.")

    // MARK: Writing to the customer

    public static func customerEmailed(_ email: String, subject: String) -> EventEntry {
        EventEntry(.customerMessaged, "Emailed \(email): “\(subject)”.")
    }

    // MARK: Asking support

    public static func supportAsked(_ address: SupportAddress, subject: String) -> EventEntry {
        EventEntry(.supportRequested, "Asked support (\(address)) for help: “\(subject)”.")
    }

    // MARK: Inventory ledger reasons

    public static func reserved(orderNumber: Int) -> String { "Reserved for order #\(orderNumber)" }
    public static func restockedReason(orderNumber: Int) -> String { "Restocked: order #\(orderNumber) cancelled" }
    public static func writtenOffReason(orderNumber: Int) -> String { "Written off: order #\(orderNumber) cancelled without restock" }
    public static func returnedReason(orderNumber: Int) -> String { "Returned: refunded on order #\(orderNumber)" }
    public static func shippedReason(orderNumber: Int) -> String { "Shipped with order #\(orderNumber)" }
}
