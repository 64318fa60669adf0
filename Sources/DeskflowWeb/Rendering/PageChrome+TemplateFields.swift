import DeskflowTemplates

extension PageChrome: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "title": .text(\.title),
        "signedIn": .flag(\.signedIn),
        "staffName": .text(\.staffName),
        "staffRole": .text(\.staffRole),
        "csrfToken": .text(\.csrfToken),
        "flash": .text(\.flash),
        "mainAttributes": .list(\.mainAttributes),
        "navOrders": .flag(\.navOrders),
        "navAttention": .flag(\.navAttention),
        "navInventory": .flag(\.navInventory),
        "navNotifications": .flag(\.navNotifications),
        "navReports": .flag(\.navReports),
        "navStaff": .flag(\.navStaff),
        "showsStaffLink": .flag(\.showsStaffLink),
        "behindDialog": .flag(\.behindDialog),
    ]
}

extension PageChrome.DataAttribute: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "value": .text(\.value),
    ]
}
