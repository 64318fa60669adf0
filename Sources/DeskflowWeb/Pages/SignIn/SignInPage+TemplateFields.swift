import DeskflowTemplates

extension SignInPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "email": .text(\.email),
        "next": .text(\.next),
        "error": .text(\.error),
        "hasError": .flag(\.hasError),
    ]
}
