import DeskflowDomain

/// The refund dialog, server-rendered over the order page: a quantity per line, the shipping charge, the amount
/// (worked out by Calculate, and lowered at will), restock, reason, note, and the customer's email as it will read.
struct RefundDialog {
    struct Line {
        var name: String
        var sku: String
        var field: String
        var value: String
        var refundable: Int
        var ordered: Int
        var unitPrice: String
        var alreadyRefunded: String?
        var error: String?
        var describedBy: String
    }

    var action: String
    var keepURL: String
    var csrfToken: String
    var version: Int
    var idempotencyKey: String
    var lines: [Line]
    var canRefundShipping: Bool
    var shippingAmount: String
    var shippingChecked: Bool
    var shippingNote: String?
    var shippingError: String?
    var chosenTotal: String?
    var refundAmount: String
    var currencyCode: String
    var maximumRefund: String
    var canRestock: Bool
    var restockChecked: Bool
    var restockHint: String
    var restockError: String?
    var notifyChecked: Bool
    var customerEmail: String
    /// An amount has been chosen or worked out, so the email and summary can say it.
    var hasAmount: Bool
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

    init(
        order: Order, form: RefundForm, errors: FormErrors?, csrfToken: String, idempotencyKey: String, version: Int? = nil,
        staleMessage: String? = nil
    ) {
        action = SitePath.refund(order.number)
        keepURL = SitePath.order(order.number)
        self.csrfToken = csrfToken
        self.version = version ?? order.version
        self.idempotencyKey = idempotencyKey
        lines = order.lines.map { line in
            let field = RefundForm.quantityField(line.sku)
            let error = errors?.message(for: field)
            return Line(
                name: line.name, sku: line.sku, field: field, value: form.quantities[line.sku] ?? "",
                refundable: line.refundableQuantity, ordered: line.quantity, unitPrice: line.unitPrice.formatted,
                alreadyRefunded: line.refundedQuantity > 0 ? "\(line.refundedQuantity) already refunded" : nil, error: error,
                describedBy: "\(field)-hint" + (error == nil ? "" : " \(field)-error"))
        }
        canRefundShipping = RefundRules.shippingRefundable(order)
        shippingAmount = order.totals.shipping.formatted
        shippingChecked = canRefundShipping && form.refundShipping
        shippingNote = canRefundShipping ? nil : RefundRules.shippingRefusal(order)
        shippingError = errors?.message(for: "refund_shipping")
        let quote = form.quote(for: order)
        chosenTotal = quote.isEmpty ? nil : "The items and shipping chosen come to \(quote.total.formatted), tax included."
        refundAmount = form.refundAmount
        currencyCode = order.currency.code
        maximumRefund = order.payment.refundableBesideFailed.formatted
        canRestock = RefundRules.canRestock(order)
        restockChecked = canRestock && form.restock
        restockHint = canRestock
            ? "Puts the refunded units back on the shelf: tick it when the customer sent them back."
            : RefundRules.restockRefusal(order)
        restockError = errors?.message(for: "restock")
        notifyChecked = form.notifyCustomer
        customerEmail = order.customer.email
        let preview = Self.previewCommand(order: order, form: form, quote: quote)
        hasAmount = preview.amount.isPositive
        let message = RefundWording.customerMessage(preview, order: order)
        previewSubject = message.subject
        previewBody = message.body
        reasons = RefundReason.allCases.map { FormDialog.Option(value: $0.rawValue, label: $0.label, isSelected: $0.rawValue == form.reason) }
        note = form.note
        noteMaximum = RefundForm.maximumNoteLength
        summary = hasAmount
            ? RefundWording.summary(preview, order: order)
            : "Nothing to refund yet: choose items and press Calculate, or enter an amount."
        self.errors = errors?.errors ?? []
        hasErrors = !(errors?.errors.isEmpty ?? true)
        refundAmountError = errors?.message(for: "refund_amount")
        reasonError = errors?.message(for: "reason")
        noteError = errors?.message(for: "note")
        self.staleMessage = staleMessage
    }

    /// The refund the summary and preview describe: the form's own when it is valid, else its best reading.
    static func previewCommand(order: Order, form: RefundForm, quote: RefundQuote) -> RefundCommand {
        if case .success(let command) = form.validate(for: order) { return command }
        let refundable = order.payment.refundableBesideFailed
        var amount = min(quote.total, refundable)
        if case .success(let typed) = Money.parse(form.refundAmount, currency: order.currency), typed.isPositive, typed <= refundable {
            amount = typed
        }
        return RefundCommand(
            units: form.readableUnits(for: order), shipping: quote.shipping.isPositive, amount: amount,
            restock: form.restock && RefundRules.canRestock(order), reason: RefundReason(rawValue: form.reason) ?? .other,
            note: form.note, notifyCustomer: form.notifyCustomer)
    }
}
