import DeskflowTemplates

extension Badge: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "tone": .text(\.tone),
    ]
}
