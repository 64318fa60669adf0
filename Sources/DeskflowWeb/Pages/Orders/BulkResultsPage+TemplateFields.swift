import DeskflowTemplates

extension BulkResultsPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "heading": .text { $0.heading },
        "summary": .text { $0.summary },
        "rows": .list { $0.rows },
        "backURL": .text { $0.backURL },
        "backLabel": .text { $0.backLabel },
    ]
}

extension BulkResultsPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "order": .text { $0.order },
        "label": .text { $0.label },
        "url": .text { $0.url },
        "outcome": .text { $0.outcome },
        "badge": .scope { $0.badge },
        "detail": .text { $0.detail },
    ]
}
