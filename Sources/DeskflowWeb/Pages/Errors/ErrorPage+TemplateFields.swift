import DeskflowTemplates

extension ErrorPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "statusCode": .number(\.statusCode),
        "title": .text(\.title),
        "message": .text(\.message),
        "advice": .text(\.advice),
        "signedIn": .flag(\.signedIn),
    ]
}
