import DeskflowTemplates

extension ActionMenu: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "items": .list { $0.items },
        "resolutions": .list { $0.resolutions },
        "hasResolutions": .flag { $0.hasResolutions },
        "csrfToken": .text { $0.csrfToken },
        "version": .number { $0.version },
        "idempotencyKey": .text { $0.idempotencyKey },
    ]
}

extension ActionMenu.Item: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "url": .text { $0.url },
        "isLink": .flag { $0.isLink },
        "isForm": .flag { $0.isForm },
        "isDisabled": .flag { $0.isDisabled },
        "reason": .text { $0.reason },
        "isDanger": .flag { $0.isDanger },
        "warning": .text { $0.warning },
    ]
}
