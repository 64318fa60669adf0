import DeskflowTemplates

extension SignInPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "email": .text { $0.email },
        "next": .text { $0.next },
        "error": .text { $0.error },
        "hasError": .flag { $0.hasError },
    ]
}
