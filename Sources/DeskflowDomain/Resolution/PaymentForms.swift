/// Recording a payment received outside the gateway (bank transfer, cash): the reference it came with.
public enum MarkPaidForm {
    public static let reference = TextField("reference", label: "Payment reference", maximumLength: 100)

    public static func validate(reference raw: String) -> Result<String, FormErrors> { reference.validate(raw) }
}

/// Recording the customer's new payment method for a Stripe payment: the id of the PaymentMethod they set up with
/// Stripe (`pm_…`), which the next charge retry confirms the PaymentIntent with. Card numbers are never typed here.
public enum StripePaymentMethodForm {
    public static let reference = TextField("payment_method", label: "Stripe payment method", maximumLength: 255)

    /// The trimmed id, or the field's error: `pm_` followed by letters, digits and underscores, as Stripe writes them.
    public static func validate(reference raw: String) -> Result<String, FormErrors> {
        reference.validate(raw).flatMap { value in
            let body = value.dropFirst(3)
            let idCharacters = body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            guard value.hasPrefix("pm_"), !body.isEmpty, idCharacters else {
                return .failure(FormErrors([FieldError(
                    field: reference.name,
                    message: "Enter the id of the customer's payment method in Stripe: it starts with pm_, "
                        + "like pm_1Q0PsIJvEtkwdCNYJfTtuYaM.")]))
            }
            return .success(value)
        }
    }
}

/// Recording a failed refund as paid back another way: the reference of that payment.
public enum RefundedElsewhereForm {
    public static let reference = TextField("reference", label: "Refund reference", maximumLength: 100)

    public static func validate(reference raw: String) -> Result<String, FormErrors> { reference.validate(raw) }
}

/// Writing to the customer: a subject and a body.
public struct CustomerMessageForm: Hashable, Sendable {
    public static let maximumBodyLength = 5_000

    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    public enum Fields {
        public static let subject = TextField("subject", label: "Subject", maximumLength: 150)
        public static let body = TextField("body", label: "Message", maximumLength: maximumBodyLength, multiline: true)
    }

    public func validate() -> Result<CustomerMessageForm, FormErrors> {
        var errors: [FieldError] = []
        let subject = Fields.subject.check(self.subject, into: &errors)
        let body = Fields.body.check(self.body, into: &errors)
        guard let subject, let body else { return .failure(FormErrors(errors)) }
        return .success(CustomerMessageForm(subject: subject, body: body))
    }

    /// A message prefilled from the order's failure, for the manager to edit before sending.
    public static func prefilled(for order: Order) -> CustomerMessageForm {
        let greeting = "Hello \(order.customer.name),\n\n"
        let closing = "\n\nIf you have any questions, reply to this email."
        let subject: String
        let middle: String
        switch order.issue?.kind {
        case .paymentFailed:
            subject = "Action needed: payment for order #\(order.number)"
            middle = "We could not take payment for your order #\(order.number) (\(order.totals.total.formatted)). "
                + "Please update your payment method or reply to this email, and we will send your order as soon as it is paid."
        case .processingError:
            subject = "Please check the shipping address for order #\(order.number)"
            middle = "We could not process your order #\(order.number) because of a problem with the shipping address we have:\n\n"
                + order.shippingAddress.lines.joined(separator: "\n")
                + "\n\nPlease reply with the correct address."
        case .fulfillmentFailed:
            subject = "An update on your order #\(order.number)"
            middle = "We are sorry: your order #\(order.number) is delayed while we sort out a problem with shipping it. "
                + "We will write again as soon as it is on its way."
        case .refundFailed:
            subject = "About your refund for order #\(order.number)"
            middle = "Your refund for order #\(order.number) did not go through to your card. "
                + "Please reply to this email so we can arrange another way to return your money."
        case nil:
            subject = "About your order #\(order.number)"
            middle = ""
        }
        return CustomerMessageForm(subject: subject, body: greeting + middle + closing)
    }

    /// The message asking the customer to update their card, sent by "Request new payment method".
    public static func paymentMethodRequest(for order: Order) -> CustomerMessageForm {
        CustomerMessageForm(
            subject: "Please update your payment method for order #\(order.number)",
            body: """
                Hello \(order.customer.name),

                We could not take payment of \(order.totals.total.formatted) for your order #\(order.number) \
                with \(order.payment.method?.label ?? "the card you gave us").

                Please reply to this email or call us to give us another payment method, and we will send your order \
                as soon as it is paid.
                """)
    }
}

/// Fulfilling an order: an optional tracking number, or the warehouse's own.
public enum FulfillForm {
    public static let trackingNumber = TextField("tracking_number", label: "Tracking number", required: false, maximumLength: 40)

    /// The tracking number the manager typed, `nil` when left empty.
    public static func validate(trackingNumber raw: String) -> Result<String?, FormErrors> {
        var errors: [FieldError] = []
        let tracking = trackingNumber.check(raw, into: &errors)
        if let tracking, !tracking.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            errors.append(FieldError(field: "tracking_number", message: "Use only letters, digits and dashes in the tracking number."))
        }
        guard errors.isEmpty else { return .failure(FormErrors(errors)) }
        return .success(tracking.flatMap { $0.isEmpty ? nil : $0 })
    }
}
