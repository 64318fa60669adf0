import DeskflowTemplates

extension BulkResultsPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "heading": .text(\.heading),
        "summary": .text(\.summary),
        "rows": .list(\.rows),
        "backURL": .text(\.backURL),
        "backLabel": .text(\.backLabel),
    ]
}

extension BulkResultsPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "order": .text(\.order),
        "label": .text(\.label),
        "url": .text(\.url),
        "outcome": .text(\.outcome),
        "badge": .scope(\.badge),
        "detail": .text(\.detail),
    ]
}
