import DeskflowDomain
import DeskflowTemplates

extension FieldError: TemplateScope {
    public static let templateFields: TemplateFields<Self> = [
        "field": .text { $0.field },
        "message": .text { $0.message },
    ]
}
