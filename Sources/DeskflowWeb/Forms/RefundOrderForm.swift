import DeskflowDomain

extension RefundForm {
    /// The refund dialog's fields as posted for `order`'s lines; unticked checkboxes and blank quantities are absent.
    init(_ form: FormFields, order: Order) {
        var quantities: [String: String] = [:]
        for line in order.lines {
            if let typed = form[RefundForm.quantityField(line.sku)], !typed.isEmpty { quantities[line.sku] = String(typed.prefix(20)) }
        }
        self.init(
            quantities: quantities,
            refundShipping: form.isTicked("refund_shipping"),
            refundAmount: String((form["refund_amount"] ?? "").prefix(40)),
            restock: form.isTicked("restock"),
            reason: String((form["reason"] ?? "").prefix(40)),
            note: String((form["note"] ?? "").prefix(5_000)),
            notifyCustomer: form.isTicked("notify_customer"))
    }
}
