import DeskflowDomain

extension CancellationForm {
    /// The cancel dialog's fields as posted; unticked checkboxes are simply absent.
    init(_ form: FormFields) {
        self.init(
            refundAmount: String((form["refund_amount"] ?? "").prefix(40)),
            issueRefund: form.isTicked("issue_refund"),
            restock: form.isTicked("restock"),
            notifyCustomer: form.isTicked("notify_customer"),
            reason: String((form["reason"] ?? "").prefix(40)),
            note: String((form["note"] ?? "").prefix(5_000)))
    }
}
