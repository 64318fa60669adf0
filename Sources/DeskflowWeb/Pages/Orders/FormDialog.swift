import DeskflowDomain

/// A small form over the order page (address, payment method, mark as paid, fulfill, message): one way to show a
/// form with labels, hints, typed values and errors beside their fields.
struct FormDialog {
    struct Option {
        var value: String
        var label: String
        var isSelected: Bool
    }

    struct Field {
        var name: String
        var label: String
        var value: String
        var hint: String?
        var error: String?
        var isTextarea: Bool
        var isSelect: Bool
        var options: [Option]
        var isRequired: Bool
        var maximumLength: Int
        var autocomplete: String

        /// The ids a screen reader reads after the label: the hint, then the error. Stored, because templates
        /// see only stored properties.
        var describedBy: String?

        static func text(_ name: String, _ label: String, value: String, required: Bool = true, maximumLength: Int = 100, hint: String? = nil, autocomplete: String = "off") -> Field {
            Field(name: name, label: label, value: value, hint: hint, error: nil, isTextarea: false, isSelect: false, options: [], isRequired: required, maximumLength: maximumLength, autocomplete: autocomplete, describedBy: nil)
        }

        /// A field as the domain defines it: its name, label, whether it is required and its maximum length.
        static func text(_ field: TextField, value: String, hint: String? = nil, autocomplete: String = "off") -> Field {
            if field.multiline { return textarea(field.name, field.label, value: value, maximumLength: field.maximumLength) }
            return text(field.name, field.label, value: value, required: field.required, maximumLength: field.maximumLength, hint: hint, autocomplete: autocomplete)
        }

        static func textarea(_ name: String, _ label: String, value: String, maximumLength: Int) -> Field {
            Field(name: name, label: label, value: value, hint: nil, error: nil, isTextarea: true, isSelect: false, options: [], isRequired: true, maximumLength: maximumLength, autocomplete: "off", describedBy: nil)
        }

        static func select(_ name: String, _ label: String, options: [Option], hint: String? = nil) -> Field {
            Field(name: name, label: label, value: "", hint: hint, error: nil, isTextarea: false, isSelect: true, options: options, isRequired: true, maximumLength: 100, autocomplete: "off", describedBy: nil)
        }
    }

    var title: String
    var intro: String?
    var action: String
    var keepURL: String
    var keepLabel: String
    var submitLabel: String
    var csrfToken: String
    var version: Int
    var idempotencyKey: String
    var fields: [Field]
    var errors: [FieldError]
    var hasErrors: Bool

    init(
        title: String, intro: String? = nil, order: Order, action orderAction: OrderAction, refundID: Int64? = nil, submitLabel: String, fields: [Field],
        errors: FormErrors?, csrfToken: String, idempotencyKey: String
    ) {
        self.title = title
        self.intro = intro
        action = SitePath.action(orderAction, order: order.number, failedRefundID: refundID).url
        keepURL = SitePath.order(order.number)
        keepLabel = "Back to the order"
        self.submitLabel = submitLabel
        self.csrfToken = csrfToken
        version = order.version
        self.idempotencyKey = idempotencyKey
        self.fields = fields.map { field in
            var field = field
            field.error = errors?.message(for: field.name)
            let described = [field.hint.map { _ in "\(field.name)-hint" }, field.error.map { _ in "\(field.name)-error" }].compactMap { $0 }
            field.describedBy = described.isEmpty ? nil : described.joined(separator: " ")
            return field
        }
        self.errors = errors?.errors ?? []
        hasErrors = !(errors?.errors.isEmpty ?? true)
    }
}
