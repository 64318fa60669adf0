import DeskflowTemplates

extension ErrorPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "statusCode": .number { $0.statusCode },
        "title": .text { $0.title },
        "message": .text { $0.message },
        "advice": .text { $0.advice },
        "signedIn": .flag { $0.signedIn },
    ]
}
