import DeskflowDomain
import DeskflowOperations

/// The small forms that open over the order page, each built from the order and what was typed.
enum OrderForms {
    static func address(_ order: Order, _ form: AddressForm, _ errors: FormErrors?, csrf: String, key: String) -> FormDialog {
        FormDialog(
            title: "Edit shipping address", intro: order.issue.map { "\($0.kind.label): \($0.message)" },
            order: order, action: .fixAddress, submitLabel: "Save address",
            fields: [
                .text(AddressForm.Fields.name, value: form.name, autocomplete: "shipping name"),
                .text(AddressForm.Fields.line1, value: form.line1, autocomplete: "shipping address-line1"),
                .text(AddressForm.Fields.line2, value: form.line2, autocomplete: "shipping address-line2"),
                .text(AddressForm.Fields.city, value: form.city, autocomplete: "shipping address-level2"),
                .text(AddressForm.Fields.region, value: form.region, hint: "For the US, the two-letter state code, like OR.", autocomplete: "shipping address-level1"),
                .text(AddressForm.Fields.postalCode, value: form.postalCode, autocomplete: "shipping postal-code"),
                .text(AddressForm.Fields.country, value: form.country, hint: "Two letters, like US.", autocomplete: "shipping country"),
            ],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    /// A Stripe payment's new method is the id of the PaymentMethod the customer set up with Stripe, typed in; a
    /// simulated one's is chosen from the simulator's list.
    static func paymentMethod(
        _ order: Order, methods: [PaymentMethodChoice], choice: String, _ errors: FormErrors?, csrf: String, key: String
    ) -> FormDialog {
        let current = "Currently \(order.payment.methodLabel ?? "none")."
        if order.payment.provider == .stripe {
            return FormDialog(
                title: "Record a new payment method",
                intro: "Record the payment method the customer set up with Stripe. Card numbers are never typed here: "
                    + "enter the id Stripe gave the payment method. The next retry charges it.",
                order: order, action: .recordPaymentMethod, submitLabel: "Save payment method",
                fields: [
                    .text(StripePaymentMethodForm.reference, value: choice, hint: "It starts with pm_. \(current)")
                ],
                errors: errors, csrfToken: csrf, idempotencyKey: key)
        }
        let options = [FormDialog.Option(value: "", label: "Choose a payment method", isSelected: choice.isEmpty)]
            + methods.map {
                FormDialog.Option(
                    value: $0.value, label: $0.note.isEmpty ? $0.method.label : "\($0.method.label) (\($0.note))",
                    isSelected: $0.value == choice)
            }
        return FormDialog(
            title: "Record a new payment method",
            intro: "Record the payment method the customer gave you. Card numbers are never typed here: choose the method from the payment provider's list.",
            order: order, action: .recordPaymentMethod, submitLabel: "Save payment method",
            fields: [.select("payment_method", "Payment method", options: options, hint: current)],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    static func markPaid(_ order: Order, reference: String, _ errors: FormErrors?, csrf: String, key: String) -> FormDialog {
        FormDialog(
            title: "Mark as paid",
            intro: "Record a payment of \(order.totals.total.formatted) received outside the payment provider, such as a bank transfer. The order then moves on to processing.",
            order: order, action: .markPaid, submitLabel: "Mark as paid",
            fields: [.text(MarkPaidForm.reference, value: reference, hint: "For example the bank transfer reference.")],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    static func fulfill(_ order: Order, tracking: String, _ errors: FormErrors?, csrf: String, key: String) -> FormDialog {
        FormDialog(
            title: "Fulfill order #\(order.number)",
            intro: "The warehouse picks, packs and ships the order; stock is taken off the shelf\(order.paymentStatus == .authorized ? " and the authorized payment is captured" : "").",
            order: order, action: .fulfill, submitLabel: "Fulfill order",
            fields: [.text(FulfillForm.trackingNumber, value: tracking, hint: "Leave empty to use the warehouse's.")],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    static func message(_ order: Order, _ form: CustomerMessageForm, _ errors: FormErrors?, csrf: String, key: String) -> FormDialog {
        FormDialog(
            title: "Write to \(order.customer.name)", intro: "Sent to \(order.customer.email) and kept on the order's timeline.",
            order: order, action: .messageCustomer, submitLabel: "Send message",
            fields: [
                .text(CustomerMessageForm.Fields.subject, value: form.subject),
                .text(CustomerMessageForm.Fields.body, value: form.body),
            ],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    /// Contact support: the subject and the diagnostics, as prefilled or as typed. `address` is `nil` only on a server
    /// without one, where sending is refused before any form is shown. `changed`: the form came back because the order
    /// changed since it was filled in.
    static func support(
        _ order: Order, _ form: SupportRequestForm, _ errors: FormErrors?, to address: SupportAddress?, changed: Bool = false,
        csrf: String, key: String
    ) -> FormDialog {
        let changedNote = changed ? "Order #\(order.number) changed since you opened this form: check it, then send again. " : ""
        return FormDialog(
            title: "Contact support",
            intro: changedNote + (address.map {
                "Sent to \($0) with the order's diagnostics, and kept on the order's timeline. Support's replies come to your email address."
            } ?? SupportAddress.notConfigured),
            order: order, action: .contactSupport, submitLabel: "Send to support",
            fields: [
                .text(SupportRequestForm.Fields.subject, value: form.subject),
                .text(SupportRequestForm.Fields.body, value: form.body),
            ],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }

    static func markRefunded(_ order: Order, refundID: Int64, reference: String, _ errors: FormErrors?, csrf: String, key: String) -> FormDialog {
        FormDialog(
            title: "Record refund made another way",
            intro: "The payment gateway could not return this refund to the card. Once you have paid it back another way, such as a bank transfer, record it here with its reference.",
            order: order, action: .markRefunded, refundID: refundID, submitLabel: "Record refund",
            fields: [.text(RefundedElsewhereForm.reference, value: reference, hint: "For example the bank transfer reference.")],
            errors: errors, csrfToken: csrf, idempotencyKey: key)
    }
}
