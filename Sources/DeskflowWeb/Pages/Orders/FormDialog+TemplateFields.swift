import DeskflowDomain
import DeskflowTemplates

extension FormDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "title": .text(\.title),
        "intro": .text(\.intro),
        "action": .text(\.action),
        "keepURL": .text(\.keepURL),
        "keepLabel": .text(\.keepLabel),
        "submitLabel": .text(\.submitLabel),
        "csrfToken": .text(\.csrfToken),
        "version": .number(\.version),
        "idempotencyKey": .text(\.idempotencyKey),
        "fields": .list(\.fields),
        "errors": .list(\.errors),
        "hasErrors": .flag(\.hasErrors),
    ]
}

extension FormDialog.Option: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text(\.value),
        "label": .text(\.label),
        "isSelected": .flag(\.isSelected),
    ]
}

extension FormDialog.Field: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "label": .text(\.label),
        "value": .text(\.value),
        "hint": .text(\.hint),
        "error": .text(\.error),
        "isTextarea": .flag(\.isTextarea),
        "isSelect": .flag(\.isSelect),
        "options": .list(\.options),
        "isRequired": .flag(\.isRequired),
        "maximumLength": .number(\.maximumLength),
        "autocomplete": .text(\.autocomplete),
        "describedBy": .text(\.describedBy),
    ]
}
