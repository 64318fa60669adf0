/// What happens to the money when an order is cancelled.
public enum RefundPlan: Hashable, Sendable {
    /// Nothing was captured and nothing is held: there is nothing to give back.
    case nothingToRefund
    /// The card was only authorized: the hold is released.
    case voidAuthorization(Money)
    /// Captured money goes back, in full or in part.
    case refund(Money)
    /// Money was captured but the manager chose to keep it.
    case noRefund
}

/// A manager's decision to cancel an order, validated against the order it was made on.
public struct CancellationCommand: Hashable, Sendable {
    public var reason: CancelReason
    public var note: String
    public var refund: RefundPlan
    public var restock: Bool
    public var notifyCustomer: Bool

    public init(reason: CancelReason, note: String, refund: RefundPlan, restock: Bool, notifyCustomer: Bool) {
        self.reason = reason
        self.note = note
        self.refund = refund
        self.restock = restock
        self.notifyCustomer = notifyCustomer
    }
}

/// The cancel dialog's fields exactly as typed, so they can be shown again when something is wrong.
public struct CancellationForm: Hashable, Sendable {
    public var refundAmount: String
    public var issueRefund: Bool
    public var restock: Bool
    public var notifyCustomer: Bool
    public var reason: String
    public var note: String

    public init(refundAmount: String, issueRefund: Bool, restock: Bool, notifyCustomer: Bool, reason: String, note: String) {
        self.refundAmount = refundAmount
        self.issueRefund = issueRefund
        self.restock = restock
        self.notifyCustomer = notifyCustomer
        self.reason = reason
        self.note = note
    }

    /// The dialog as it first opens: the full refundable amount, refund, restock and notify ticked, and the reason
    /// that matches the order's failure, if it has one.
    public static func defaults(for order: Order) -> CancellationForm {
        let refundable = order.payment.refundable
        return CancellationForm(
            refundAmount: refundable.plainAmount, issueRefund: refundable.isPositive, restock: true,
            notifyCustomer: true, reason: suggestedReason(for: order)?.rawValue ?? "", note: "")
    }

    /// Declined for a failed payment, items unavailable for missing stock; no guess otherwise.
    public static func suggestedReason(for order: Order) -> CancelReason? {
        switch order.issue?.kind {
        case .paymentFailed: .declined
        case .fulfillmentFailed where order.issue?.code == "stock_unavailable": .inventory
        default: nil
        }
    }

    public static let maximumNoteLength = 500

    /// Turns the typed form into a command for this order, or says what is wrong with each field.
    public func validate(for order: Order) -> Result<CancellationCommand, FormErrors> {
        var errors: [FieldError] = []
        let refundable = order.payment.refundable
        var refund = RefundPlan.nothingToRefund
        if refundable.isPositive {
            if issueRefund {
                switch Money.parse(refundAmount, currency: order.currency) {
                case .failure(let error):
                    errors.append(FieldError(field: "refund_amount", message: error.message))
                case .success(let amount) where amount.isZero:
                    errors.append(FieldError(
                        field: "refund_amount",
                        message: "Enter an amount more than \(Money.zero(order.currency).formatted), or untick Issue refund."))
                case .success(let amount) where amount > refundable:
                    errors.append(FieldError(
                        field: "refund_amount",
                        message: "The most that can be refunded is \(refundable.formatted); enter that or less."))
                case .success(let amount):
                    refund = .refund(amount)
                }
            } else {
                refund = .noRefund
            }
        } else if order.paymentStatus == .authorized, order.payment.authorized.isPositive {
            refund = .voidAuthorization(order.payment.authorized)
        }
        let chosenReason = CancelReason(rawValue: reason)
        if chosenReason == nil {
            errors.append(FieldError(field: "reason", message: "Choose why the order is being cancelled."))
        }
        if note.count > Self.maximumNoteLength {
            errors.append(FieldError(
                field: "note",
                message: "The staff note must be \(Self.maximumNoteLength) characters or fewer; it has \(note.count)."))
        }
        guard errors.isEmpty, let chosenReason else { return .failure(FormErrors(errors)) }
        return .success(CancellationCommand(
            reason: chosenReason, note: note, refund: refund, restock: restock, notifyCustomer: notifyCustomer))
    }
}
