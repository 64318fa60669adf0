import DeskflowTemplates

extension Badge: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "tone": .text { $0.tone },
    ]
}
