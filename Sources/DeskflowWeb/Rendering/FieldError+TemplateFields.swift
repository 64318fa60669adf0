import DeskflowDomain
import DeskflowTemplates

extension FieldError: TemplateScope {
    public static let templateFields: TemplateFields<Self> = [
        "field": .text(\.field),
        "message": .text(\.message),
    ]
}
