import DeskflowTemplates

extension ActionMenu: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "items": .list(\.items),
        "resolutions": .list(\.resolutions),
        "hasResolutions": .flag(\.hasResolutions),
        "csrfToken": .text(\.csrfToken),
        "version": .number(\.version),
        "idempotencyKey": .text(\.idempotencyKey),
    ]
}

extension ActionMenu.Item: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "url": .text(\.url),
        "isLink": .flag(\.isLink),
        "isForm": .flag(\.isForm),
        "isDisabled": .flag(\.isDisabled),
        "reason": .text(\.reason),
        "isDanger": .flag(\.isDanger),
        "warning": .text(\.warning),
    ]
}
