import DeskflowDomain

/// The cancel dialog, server-rendered over the order page: typed values, errors, and what will happen.
struct CancelDialog {
    struct Item {
        var name: String
        var sku: String
        var quantity: Int
    }

    var action: String
    var keepURL: String
    var csrfToken: String
    var version: Int
    var idempotencyKey: String
    var refundAmount: String
    var currencyCode: String
    var currencySymbol: String
    var maximumRefund: String
    var canRefund: Bool
    var issueRefundChecked: Bool
    var noRefundReason: String?
    var restockChecked: Bool
    var restockItems: [Item]
    var notifyChecked: Bool
    var customerEmail: String
    var previewSubject: String
    var previewBody: String
    var reasons: [FormDialog.Option]
    var note: String
    var noteMaximum: Int
    var summary: String
    var errors: [FieldError]
    var hasErrors: Bool
    var refundAmountError: String?
    var reasonError: String?
    var noteError: String?
    var staleMessage: String?

    init(order: Order, form: CancellationForm, errors: FormErrors?, csrfToken: String, idempotencyKey: String, staleMessage: String? = nil) {
        let refundable = order.payment.refundable
        action = SitePath.cancel(order.number)
        keepURL = SitePath.order(order.number)
        self.csrfToken = csrfToken
        version = order.version
        self.idempotencyKey = idempotencyKey
        refundAmount = form.refundAmount
        currencyCode = order.currency.code
        currencySymbol = order.currency.symbol
        maximumRefund = refundable.formatted
        canRefund = refundable.isPositive
        issueRefundChecked = refundable.isPositive && form.issueRefund
        noRefundReason = refundable.isPositive ? nil : Self.nothingToRefund(order)
        restockChecked = form.restock
        restockItems = order.lines.map { Item(name: $0.name, sku: $0.sku, quantity: $0.quantity) }
        notifyChecked = form.notifyCustomer
        customerEmail = order.customer.email
        let preview = Self.previewCommand(order: order, form: form)
        let message = CancellationWording.customerMessage(preview, order: order)
        previewSubject = message.subject
        previewBody = message.body
        reasons = CancelReason.allCases.map { FormDialog.Option(value: $0.rawValue, label: $0.label, isSelected: $0.rawValue == form.reason) }
        note = form.note
        noteMaximum = CancellationForm.maximumNoteLength
        summary = CancellationWording.summary(preview, order: order)
        self.errors = errors?.errors ?? []
        hasErrors = !(errors?.errors.isEmpty ?? true)
        refundAmountError = errors?.message(for: "refund_amount")
        reasonError = errors?.message(for: "reason")
        noteError = errors?.message(for: "note")
        self.staleMessage = staleMessage
    }

    /// Why the refund box is disabled.
    static func nothingToRefund(_ order: Order) -> String {
        switch order.paymentStatus {
        case .authorized:
            "The card was only authorized, so nothing was charged: the authorization of \(order.payment.authorized.formatted) will be voided."
        case .failed:
            "The payment failed, so nothing was captured and there is nothing to refund."
        case .pending:
            "The order has not been paid yet, so there is nothing to refund."
        default:
            "Everything captured has already been refunded, so there is nothing left to refund."
        }
    }

    /// The command the summary and preview describe: the form's own when it is valid, else its best reading.
    static func previewCommand(order: Order, form: CancellationForm) -> CancellationCommand {
        if case .success(let command) = form.validate(for: order) { return command }
        let refundable = order.payment.refundable
        var refund = RefundPlan.nothingToRefund
        if refundable.isPositive {
            if !form.issueRefund {
                refund = .noRefund
            } else if case .success(let amount) = Money.parse(form.refundAmount, currency: order.currency), amount.isPositive,
                amount <= refundable
            {
                refund = .refund(amount)
            } else {
                refund = .refund(refundable)
            }
        } else if order.paymentStatus == .authorized {
            refund = .voidAuthorization(order.payment.authorized)
        }
        return CancellationCommand(
            reason: CancelReason(rawValue: form.reason) ?? .other, note: form.note, refund: refund,
            restock: form.restock, notifyCustomer: form.notifyCustomer)
    }
}
