import DeskflowDomain
import DeskflowTemplates

extension FormDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "title": .text { $0.title },
        "intro": .text { $0.intro },
        "action": .text { $0.action },
        "keepURL": .text { $0.keepURL },
        "keepLabel": .text { $0.keepLabel },
        "submitLabel": .text { $0.submitLabel },
        "csrfToken": .text { $0.csrfToken },
        "version": .number { $0.version },
        "idempotencyKey": .text { $0.idempotencyKey },
        "fields": .list { $0.fields },
        "errors": .list { $0.errors },
        "hasErrors": .flag { $0.hasErrors },
    ]
}

extension FormDialog.Option: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text { $0.value },
        "label": .text { $0.label },
        "isSelected": .flag { $0.isSelected },
    ]
}

extension FormDialog.Field: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "label": .text { $0.label },
        "value": .text { $0.value },
        "hint": .text { $0.hint },
        "error": .text { $0.error },
        "isTextarea": .flag { $0.isTextarea },
        "isSelect": .flag { $0.isSelect },
        "options": .list { $0.options },
        "isRequired": .flag { $0.isRequired },
        "maximumLength": .number { $0.maximumLength },
        "autocomplete": .text { $0.autocomplete },
        "describedBy": .text { $0.describedBy },
    ]
}
